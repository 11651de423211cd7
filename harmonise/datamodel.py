# Generated from model/harmonise.yaml by `harmonise model generate`.
# Do not edit: change the schema and regenerate (a test fails on drift).
from __future__ import annotations

import re
import sys
from datetime import (
    date,
    datetime,
    time
)
from decimal import Decimal
from enum import Enum
from typing import (
    Any,
    ClassVar,
    Literal,
    Optional,
    Union
)

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer
)


metamodel_version = "1.12.0"
version = "0.1.0"


class ConfiguredBaseModel(BaseModel):
    model_config = ConfigDict(
        serialize_by_alias = True,
        validate_by_name = True,
        validate_assignment = True,
        validate_default = True,
        extra = "forbid",
        arbitrary_types_allowed = True,
        use_enum_values = True,
        strict = False,
    )





class LinkMLMeta(RootModel):
    root: dict[str, Any] = {}
    model_config = ConfigDict(frozen=True)

    def __getattr__(self, key:str):
        return getattr(self.root, key)

    def __getitem__(self, key:str):
        return self.root[key]

    def __setitem__(self, key:str, value):
        self.root[key] = value

    def __contains__(self, key:str) -> bool:
        return key in self.root


linkml_meta = None

class AccessLevel(str, Enum):
    """
    The EU access-right level of a dataset. HealthDCAT-AP validates each level against its own shape set, so writers choose shapes from this value.
    """
    PUBLIC = "PUBLIC"
    """
    Openly available to anyone.
    """
    RESTRICTED = "RESTRICTED"
    """
    Available under conditions (registration, approval, a data access request).
    """
    NON_PUBLIC = "NON_PUBLIC"
    """
    Not publicly accessible, e.g. personal health data behind a health data access body.
    """


class DataType(str, Enum):
    """
    Data type of a variable. Each value maps to an XSD datatype (its `meaning`) so RDF and JSON Schema writers need no extra table. The source's own spelling is kept on Variable.source_data_type.
    """
    string = "string"
    integer = "integer"
    decimal = "decimal"
    double = "double"
    boolean = "boolean"
    date = "date"
    datetime = "datetime"
    time = "time"
    duration = "duration"
    uri = "uri"
    binary = "binary"


class HealthCategory(str, Enum):
    """
    EHDS Article 51(1) categories of electronic health data (HealthDCAT-AP healthcategories NAL).
    """
    EHRS = "EHRS"
    """
    Electronic health data from EHRs
    """
    DIOH = "DIOH"
    """
    Data on factors impacting on health
    """
    NRPE = "NRPE"
    """
    Aggregated data on healthcare needs, resources, provision of and access to care, expenditure and financing
    """
    RPDG = "RPDG"
    """
    Data on pathogens that impact human health
    """
    HRAD = "HRAD"
    """
    Healthcare-related administrative data
    """
    HGPD = "HGPD"
    """
    Human genetic, epigenomic and genomic data
    """
    HPML = "HPML"
    """
    Other human molecular data
    """
    PGEH = "PGEH"
    """
    Personal electronic health data automatically generated through medical devices
    """
    WELA = "WELA"
    """
    Data from wellness applications
    """
    IDHP = "IDHP"
    """
    Data on professional status, specialisation and institution of health professionals
    """
    PHDR = "PHDR"
    """
    Data from population-based health data registries
    """
    MRMR = "MRMR"
    """
    Data from medical registries and mortality registries
    """
    EHCT = "EHCT"
    """
    Data from clinical trials, studies, investigations and performance studies
    """
    EMRD = "EMRD"
    """
    Other health data from medical devices
    """
    RMMD = "RMMD"
    """
    Data from registries for medicinal products and medical devices
    """
    RQSH = "RQSH"
    """
    Data from research cohorts, questionnaires and surveys related to health
    """
    EINS = "EINS"
    """
    Health data from biobanks and associated databases
    """


class RequirementLevel(str, Enum):
    """
    Whether a data element must be present in a record (NHS Data Dictionary M/R/O, REDCap required flag).
    """
    mandatory = "mandatory"
    required = "required"
    """
    Required where applicable
    """
    optional = "optional"
    pilot = "pilot"


class ExtensionReason(str, Enum):
    """
    Why a source value did not reach a model slot.
    """
    no_target = "no_target"
    """
    The model has no slot for this source element.
    """
    not_in_crosswalk = "not_in_crosswalk"
    """
    The mapping module's crosswalk has no rule for this source element.
    """
    rejected = "rejected"
    """
    A normalisation rule rejected the value; it is kept verbatim.
    """
    superseded = "superseded"
    """
    Another source element already supplied the model value.
    """


class Periodicity(str, Enum):
    """
    How often the dataset is updated (HDR UK publishingFrequency / accrualPeriodicity).
    """
    Static = "Static"
    """
    Static
    """
    Irregular = "Irregular"
    """
    Irregular
    """
    Continuous = "Continuous"
    """
    Continuous
    """
    Biennial = "Biennial"
    """
    Biennial
    """
    Annual = "Annual"
    """
    Annual
    """
    Biannual = "Biannual"
    """
    Biannual
    """
    Quarterly = "Quarterly"
    """
    Quarterly
    """
    Bimonthly = "Bimonthly"
    """
    Bimonthly
    """
    Monthly = "Monthly"
    """
    Monthly
    """
    Biweekly = "Biweekly"
    """
    Biweekly
    """
    Weekly = "Weekly"
    """
    Weekly
    """
    Twice_a_week = "Twice a week"
    """
    Twice a week
    """
    Daily = "Daily"
    """
    Daily
    """
    Other = "Other"
    """
    Other
    """


class TimeLag(str, Enum):
    """
    Typical delay between an event and its appearance in the dataset.
    """
    Less_than_1_week = "Less than 1 week"
    """
    Less than 1 week
    """
    number_1_2_weeks = "1-2 weeks"
    """
    1-2 weeks
    """
    number_2_4_weeks = "2-4 weeks"
    """
    2-4 weeks
    """
    number_1_2_months = "1-2 months"
    """
    1-2 months
    """
    number_2_6_months = "2-6 months"
    """
    2-6 months
    """
    More_than_6_months = "More than 6 months"
    """
    More than 6 months
    """
    Variable = "Variable"
    """
    Variable
    """
    Not_applicable = "Not applicable"
    """
    Not applicable
    """
    Other = "Other"
    """
    Other
    """


class DeliveryLeadTime(str, Enum):
    """
    Typical time from an approved access request to data delivery.
    """
    Less_than_1_week = "Less than 1 week"
    """
    Less than 1 week
    """
    number_1_2_weeks = "1-2 weeks"
    """
    1-2 weeks
    """
    number_2_4_weeks = "2-4 weeks"
    """
    2-4 weeks
    """
    number_1_2_months = "1-2 months"
    """
    1-2 months
    """
    number_2_6_months = "2-6 months"
    """
    2-6 months
    """
    More_than_6_months = "More than 6 months"
    """
    More than 6 months
    """
    Variable = "Variable"
    """
    Variable
    """
    Not_applicable = "Not applicable"
    """
    Not applicable
    """
    Other = "Other"
    """
    Other
    """


class FollowUp(str, Enum):
    """
    Typical follow-up period of individuals in the dataset.
    """
    number_0___6_Months = "0 - 6 Months"
    """
    0 - 6 Months
    """
    number_6___12_Months = "6 - 12 Months"
    """
    6 - 12 Months
    """
    number_1___10_Years = "1 - 10 Years"
    """
    1 - 10 Years
    """
    GREATER_THAN_SIGN_10_Years = "> 10 Years"
    """
    > 10 Years
    """
    Unknown = "Unknown"
    """
    Unknown
    """
    Continuous = "Continuous"
    """
    Continuous
    """
    Other = "Other"
    """
    Other
    """


class Purpose(str, Enum):
    """
    Why the data were collected.
    """
    Research_cohort = "Research cohort"
    """
    Research cohort
    """
    Study = "Study"
    """
    Study
    """
    Disease_registry = "Disease registry"
    """
    Disease registry
    """
    Trial = "Trial"
    """
    Trial
    """
    Care = "Care"
    """
    Care
    """
    Audit = "Audit"
    """
    Audit
    """
    Administrative = "Administrative"
    """
    Administrative
    """
    Financial = "Financial"
    """
    Financial
    """
    Statutory = "Statutory"
    """
    Statutory
    """
    Other = "Other"
    """
    Other
    """


class SourceType(str, Enum):
    """
    Kind of system the data come from.
    """
    EPR = "EPR"
    """
    EPR
    """
    Electronic_survey = "Electronic survey"
    """
    Electronic survey
    """
    LIMS = "LIMS"
    """
    LIMS
    """
    Paper_based = "Paper-based"
    """
    Paper-based
    """
    Free_text_NLP = "Free text NLP"
    """
    Free text NLP
    """
    Machine_generated = "Machine generated"
    """
    Machine generated
    """
    Other = "Other"
    """
    Other
    """


class CollectionSetting(str, Enum):
    """
    Setting in which the data were collected.
    """
    Cohort_study_trial = "Cohort, study, trial"
    """
    Cohort, study, trial
    """
    Clinic = "Clinic"
    """
    Clinic
    """
    Primary_care___Referrals = "Primary care - Referrals"
    """
    Primary care - Referrals
    """
    Primary_care___Clinic = "Primary care - Clinic"
    """
    Primary care - Clinic
    """
    Primary_care___Out_of_hours = "Primary care - Out of hours"
    """
    Primary care - Out of hours
    """
    Secondary_care___Accident_and_Emergency = "Secondary care - Accident and Emergency"
    """
    Secondary care - Accident and Emergency
    """
    Secondary_care___Outpatients = "Secondary care - Outpatients"
    """
    Secondary care - Outpatients
    """
    Secondary_care___In_patients = "Secondary care - In-patients"
    """
    Secondary care - In-patients
    """
    Secondary_care___Ambulance = "Secondary care - Ambulance"
    """
    Secondary care - Ambulance
    """
    Secondary_care___ICU = "Secondary care - ICU"
    """
    Secondary care - ICU
    """
    Prescribing___Community_pharmacy = "Prescribing - Community pharmacy"
    """
    Prescribing - Community pharmacy
    """
    Prescribing___Hospital = "Prescribing - Hospital"
    """
    Prescribing - Hospital
    """
    Patient_report_outcome = "Patient report outcome"
    """
    Patient report outcome
    """
    Wearables = "Wearables"
    """
    Wearables
    """
    Local_authority = "Local authority"
    """
    Local authority
    """
    National_government = "National government"
    """
    National government
    """
    Community = "Community"
    """
    Community
    """
    Services = "Services"
    """
    Services
    """
    Home = "Home"
    """
    Home
    """
    Private = "Private"
    """
    Private
    """
    Social_care___Health_care_at_home = "Social care - Health care at home"
    """
    Social care - Health care at home
    """
    Social_care___Other_social_data = "Social care - Other social data"
    """
    Social care - Other social data
    """
    Census = "Census"
    """
    Census
    """
    Other = "Other"
    """
    Other
    """


class DataUseLimitation(str, Enum):
    """
    Limitations on use (inspired by GA4GH DUO).
    """
    General_research_use = "General research use"
    """
    General research use
    """
    Commercial_research_use = "Commercial research use"
    """
    Commercial research use
    """
    Genetic_studies_only = "Genetic studies only"
    """
    Genetic studies only
    """
    No_general_methods_research = "No general methods research"
    """
    No general methods research
    """
    No_restriction = "No restriction"
    """
    No restriction
    """
    Geographical_restrictions = "Geographical restrictions"
    """
    Geographical restrictions
    """
    Institution_specific_restrictions = "Institution-specific restrictions"
    """
    Institution-specific restrictions
    """
    Not_for_profit_use = "Not for profit use"
    """
    Not for profit use
    """
    Project_specific_restrictions = "Project-specific restrictions"
    """
    Project-specific restrictions
    """
    Research_specific_restrictions = "Research-specific restrictions"
    """
    Research-specific restrictions
    """
    User_specific_restrictions = "User-specific restrictions"
    """
    User-specific restrictions
    """
    Research_use_only = "Research use only"
    """
    Research use only
    """
    No_linkage = "No linkage"
    """
    No linkage
    """


class DataUseRequirement(str, Enum):
    """
    Requirements on use (inspired by GA4GH DUO).
    """
    Collaboration_required = "Collaboration required"
    """
    Collaboration required
    """
    Project_specific_restrictions = "Project-specific restrictions"
    """
    Project-specific restrictions
    """
    Ethics_approval_required = "Ethics approval required"
    """
    Ethics approval required
    """
    Institution_specific_restrictions = "Institution-specific restrictions"
    """
    Institution-specific restrictions
    """
    Geographical_restrictions = "Geographical restrictions"
    """
    Geographical restrictions
    """
    Publication_moratorium = "Publication moratorium"
    """
    Publication moratorium
    """
    Publication_required = "Publication required"
    """
    Publication required
    """
    Return_to_database_or_resource = "Return to database or resource"
    """
    Return to database or resource
    """
    Time_limit_on_use = "Time limit on use"
    """
    Time limit on use
    """
    Disclosure_control = "Disclosure control"
    """
    Disclosure control
    """
    Not_for_profit_use = "Not for profit use"
    """
    Not for profit use
    """
    User_specific_restriction = "User-specific restriction"
    """
    User-specific restriction
    """


class StatisticalPopulation(str, Enum):
    """
    What an observation counts.
    """
    Persons = "Persons"
    """
    Persons
    """
    Events = "Events"
    """
    Events
    """
    Findings = "Findings"
    """
    Findings
    """
    Number_of_scans_per_modality = "Number of scans per modality"
    """
    Number of scans per modality
    """


class MaterialType(str, Enum):
    """
    Physical sample types available (UK Tissue Directory list).
    """
    NoneSOLIDUSnot_available = "None/not available"
    """
    None/not available
    """
    Bone_marrow = "Bone marrow"
    """
    Bone marrow
    """
    Cancer_cell_lines = "Cancer cell lines"
    """
    Cancer cell lines
    """
    CDNASOLIDUSMRNA = "CDNA/MRNA"
    """
    CDNA/MRNA
    """
    Core_biopsy = "Core biopsy"
    """
    Core biopsy
    """
    DNA = "DNA"
    """
    DNA
    """
    Entire_body_organ = "Entire body organ"
    """
    Entire body organ
    """
    Faeces = "Faeces"
    """
    Faeces
    """
    Immortalized_cell_lines = "Immortalized cell lines"
    """
    Immortalized cell lines
    """
    Isolated_pathogen = "Isolated pathogen"
    """
    Isolated pathogen
    """
    MicroRNA = "MicroRNA"
    """
    MicroRNA
    """
    Peripheral_blood_cells = "Peripheral blood cells"
    """
    Peripheral blood cells
    """
    Plasma = "Plasma"
    """
    Plasma
    """
    PM_Tissue = "PM Tissue"
    """
    PM Tissue
    """
    Primary_cells = "Primary cells"
    """
    Primary cells
    """
    RNA = "RNA"
    """
    RNA
    """
    Saliva = "Saliva"
    """
    Saliva
    """
    Serum = "Serum"
    """
    Serum
    """
    Swabs = "Swabs"
    """
    Swabs
    """
    Tissue = "Tissue"
    """
    Tissue
    """
    Urine = "Urine"
    """
    Urine
    """
    Whole_blood = "Whole blood"
    """
    Whole blood
    """
    Availability_to_be_confirmed = "Availability to be confirmed"
    """
    Availability to be confirmed
    """
    Other = "Other"
    """
    Other
    """


class CodingSystem(str, Enum):
    """
    Controlled vocabularies used in the data (OMOP vocabulary ids).
    """
    LOCAL = "LOCAL"
    """
    LOCAL
    """
    OPCS4 = "OPCS4"
    """
    OPCS4
    """
    READ = "READ"
    """
    READ
    """
    SNOMED_CT = "SNOMED CT"
    """
    SNOMED CT
    """
    SNOMED_RT = "SNOMED RT"
    """
    SNOMED RT
    """
    DM_PLUS_D = "DM PLUS D"
    """
    DM PLUS D
    """
    DMPLUS_SIGND = "DM+D"
    """
    DM+D
    """
    NHS_NATIONAL_CODES = "NHS NATIONAL CODES"
    """
    NHS NATIONAL CODES
    """
    NHS_SCOTLAND_NATIONAL_CODES = "NHS SCOTLAND NATIONAL CODES"
    """
    NHS SCOTLAND NATIONAL CODES
    """
    NHS_WALES_NATIONAL_CODES = "NHS WALES NATIONAL CODES"
    """
    NHS WALES NATIONAL CODES
    """
    ODS = "ODS"
    """
    ODS
    """
    LOINC = "LOINC"
    """
    LOINC
    """
    ICD10 = "ICD10"
    """
    ICD10
    """
    ICD10CM = "ICD10CM"
    """
    ICD10CM
    """
    ICD10PCS = "ICD10PCS"
    """
    ICD10PCS
    """
    ICD9CM = "ICD9CM"
    """
    ICD9CM
    """
    ICD9 = "ICD9"
    """
    ICD9
    """
    ICDO3 = "ICDO3"
    """
    ICDO3
    """
    AMT = "AMT"
    """
    AMT
    """
    APC = "APC"
    """
    APC
    """
    ATC = "ATC"
    """
    ATC
    """
    CIEL = "CIEL"
    """
    CIEL
    """
    HPO = "HPO"
    """
    HPO
    """
    CPT4 = "CPT4"
    """
    CPT4
    """
    DPD = "DPD"
    """
    DPD
    """
    DRG = "DRG"
    """
    DRG
    """
    HEMONC = "HEMONC"
    """
    HEMONC
    """
    JMDC = "JMDC"
    """
    JMDC
    """
    KCD7 = "KCD7"
    """
    KCD7
    """
    MULTUM = "MULTUM"
    """
    MULTUM
    """
    NAACCR = "NAACCR"
    """
    NAACCR
    """
    NDC = "NDC"
    """
    NDC
    """
    NDFRT = "NDFRT"
    """
    NDFRT
    """
    OXMIS = "OXMIS"
    """
    OXMIS
    """
    RXNORM = "RXNORM"
    """
    RXNORM
    """
    RXNORM_EXTENSION = "RXNORM EXTENSION"
    """
    RXNORM EXTENSION
    """
    SPL = "SPL"
    """
    SPL
    """
    OTHER = "OTHER"
    """
    OTHER
    """


class StandardDataModel(str, Enum):
    """
    Standardised data models the data conform to.
    """
    HL7_FHIR = "HL7 FHIR"
    """
    HL7 FHIR
    """
    HL7_V2 = "HL7 V2"
    """
    HL7 V2
    """
    HL7_CDA = "HL7 CDA"
    """
    HL7 CDA
    """
    HL7_CCOW = "HL7 CCOW"
    """
    HL7 CCOW
    """
    LOINC = "LOINC"
    """
    LOINC
    """
    DICOM = "DICOM"
    """
    DICOM
    """
    I2B2 = "I2B2"
    """
    I2B2
    """
    IHE = "IHE"
    """
    IHE
    """
    OMOP = "OMOP"
    """
    OMOP
    """
    OPENEHR = "OPENEHR"
    """
    OPENEHR
    """
    SENTINEL = "SENTINEL"
    """
    SENTINEL
    """
    PCORNET = "PCORNET"
    """
    PCORNET
    """
    CDISC = "CDISC"
    """
    CDISC
    """
    NHS_DATA_DICTIONARY = "NHS DATA DICTIONARY"
    """
    NHS DATA DICTIONARY
    """
    NHS_SCOTLAND_DATA_DICTIONARY = "NHS SCOTLAND DATA DICTIONARY"
    """
    NHS SCOTLAND DATA DICTIONARY
    """
    NHS_WALES_DATA_DICTIONARY = "NHS WALES DATA DICTIONARY"
    """
    NHS WALES DATA DICTIONARY
    """
    LOCAL = "LOCAL"
    """
    LOCAL
    """
    OTHER = "OTHER"
    """
    OTHER
    """


class AccessServiceCategory(str, Enum):
    """
    How access is provided.
    """
    TRESOLIDUSSDE = "TRE/SDE"
    """
    TRE/SDE
    """
    Direct_access = "Direct access"
    """
    Direct access
    """
    Open_access = "Open access"
    """
    Open access
    """
    Varies_based_on_project = "Varies based on project"
    """
    Varies based on project
    """


class Pipeline(str, Enum):
    """
    Whether the dataset is in an onboarding pipeline.
    """
    Available = "Available"
    """
    Available
    """
    Not_available = "Not available"
    """
    Not available
    """


class Ternary(str, Enum):
    """
    Yes / No / Not stated.
    """
    Yes = "Yes"
    """
    Yes
    """
    No = "No"
    """
    No
    """
    Not_stated = "Not stated"
    """
    Not stated
    """


class DatasetType(str, Enum):
    """
    Broad type of dataset (HDR UK 3.x/4.x).
    """
    Health_and_disease = "Health and disease"
    """
    Health and disease
    """
    TreatmentsSOLIDUSInterventions = "Treatments/Interventions"
    """
    Treatments/Interventions
    """
    MeasurementsSOLIDUSTests = "Measurements/Tests"
    """
    Measurements/Tests
    """
    Imaging_types = "Imaging types"
    """
    Imaging types
    """
    Imaging_area_of_the_body = "Imaging area of the body"
    """
    Imaging area of the body
    """
    Omics = "Omics"
    """
    Omics
    """
    Socioeconomic = "Socioeconomic"
    """
    Socioeconomic
    """
    Lifestyle = "Lifestyle"
    """
    Lifestyle
    """
    Registry = "Registry"
    """
    Registry
    """
    Environment_and_energy = "Environment and energy"
    """
    Environment and energy
    """
    Information_and_communication = "Information and communication"
    """
    Information and communication
    """
    Politics = "Politics"
    """
    Politics
    """


class DatasetSubType(str, Enum):
    """
    Dataset subtype (flat list of HDR UK 3.0.0; 4.0.0 scopes subtypes per type).
    """
    Mental_health = "Mental health"
    """
    Mental health
    """
    Cardiovascular = "Cardiovascular"
    """
    Cardiovascular
    """
    Cancer = "Cancer"
    """
    Cancer
    """
    Rare_diseases = "Rare diseases"
    """
    Rare diseases
    """
    Metabolic_and_endocrine = "Metabolic and endocrine"
    """
    Metabolic and endocrine
    """
    Neurological = "Neurological"
    """
    Neurological
    """
    Reproductive = "Reproductive"
    """
    Reproductive
    """
    Maternity_and_neonatology = "Maternity and neonatology"
    """
    Maternity and neonatology
    """
    Respiratory = "Respiratory"
    """
    Respiratory
    """
    Immunity = "Immunity"
    """
    Immunity
    """
    Musculoskeletal = "Musculoskeletal"
    """
    Musculoskeletal
    """
    Vision = "Vision"
    """
    Vision
    """
    Renal_and_urogenital = "Renal and urogenital"
    """
    Renal and urogenital
    """
    Oral_and_gastrointestinal = "Oral and gastrointestinal"
    """
    Oral and gastrointestinal
    """
    Cognitive_function = "Cognitive function"
    """
    Cognitive function
    """
    Hearing = "Hearing"
    """
    Hearing
    """
    Others = "Others"
    """
    Others
    """
    Vaccines = "Vaccines"
    """
    Vaccines
    """
    Preventive = "Preventive"
    """
    Preventive
    """
    Therapeutic = "Therapeutic"
    """
    Therapeutic
    """
    Laboratory = "Laboratory"
    """
    Laboratory
    """
    Other_diagnostics = "Other diagnostics"
    """
    Other diagnostics
    """
    CT = "CT"
    """
    CT
    """
    MRI = "MRI"
    """
    MRI
    """
    PET = "PET"
    """
    PET
    """
    X_ray = "X-ray"
    """
    X-ray
    """
    Ultrasound = "Ultrasound"
    """
    Ultrasound
    """
    Pathology = "Pathology"
    """
    Pathology
    """
    Head = "Head"
    """
    Head
    """
    Chest = "Chest"
    """
    Chest
    """
    Arm = "Arm"
    """
    Arm
    """
    Abdomen = "Abdomen"
    """
    Abdomen
    """
    Leg = "Leg"
    """
    Leg
    """
    Proteomics = "Proteomics"
    """
    Proteomics
    """
    Transcriptomics = "Transcriptomics"
    """
    Transcriptomics
    """
    Epigenomics = "Epigenomics"
    """
    Epigenomics
    """
    Metabolomics = "Metabolomics"
    """
    Metabolomics
    """
    Metagenomics = "Metagenomics"
    """
    Metagenomics
    """
    Genomics = "Genomics"
    """
    Genomics
    """
    Lipidomics = "Lipidomics"
    """
    Lipidomics
    """
    Education = "Education"
    """
    Education
    """
    Crime_and_justice = "Crime and justice"
    """
    Crime and justice
    """
    Ethnicity = "Ethnicity"
    """
    Ethnicity
    """
    Housing = "Housing"
    """
    Housing
    """
    Labour = "Labour"
    """
    Labour
    """
    Ageing = "Ageing"
    """
    Ageing
    """
    Economics = "Economics"
    """
    Economics
    """
    Marital_status = "Marital status"
    """
    Marital status
    """
    Social_support = "Social support"
    """
    Social support
    """
    Deprivation = "Deprivation"
    """
    Deprivation
    """
    Religion = "Religion"
    """
    Religion
    """
    Occupation = "Occupation"
    """
    Occupation
    """
    Finances = "Finances"
    """
    Finances
    """
    Family_circumstance = "Family circumstance"
    """
    Family circumstance
    """
    Smoking = "Smoking"
    """
    Smoking
    """
    Physical_activity = "Physical activity"
    """
    Physical activity
    """
    Dietary_habits = "Dietary habits"
    """
    Dietary habits
    """
    Alcohol = "Alcohol"
    """
    Alcohol
    """
    Disease_registry_LEFT_PARENTHESISresearchRIGHT_PARENTHESIS = "Disease registry (research)"
    """
    Disease registry (research)
    """
    National_disease_registries_and_audits = "National disease registries and audits"
    """
    National disease registries and audits
    """
    Births_and_deaths = "Births and deaths"
    """
    Births and deaths
    """
    Not_applicable = "Not applicable"
    """
    Not applicable
    """


class AgeBin(str, Enum):
    """
    Age bands of the demographic frequency tables.
    """
    number_0_6_days = "0-6 days"
    """
    0-6 days
    """
    number_7_27_days = "7-27 days"
    """
    7-27 days
    """
    number_1_11_months = "1-11 months"
    """
    1-11 months
    """
    number_1_4_years = "1-4 years"
    """
    1-4 years
    """
    number_5_9_years = "5-9 years"
    """
    5-9 years
    """
    number_10_14_years = "10-14 years"
    """
    10-14 years
    """
    number_15_19_years = "15-19 years"
    """
    15-19 years
    """
    number_20_24_years = "20-24 years"
    """
    20-24 years
    """
    number_25_29_years = "25-29 years"
    """
    25-29 years
    """
    number_30_34_years = "30-34 years"
    """
    30-34 years
    """
    number_35_39_years = "35-39 years"
    """
    35-39 years
    """
    number_40_44_years = "40-44 years"
    """
    40-44 years
    """
    number_45_49_years = "45-49 years"
    """
    45-49 years
    """
    number_50_54_years = "50-54 years"
    """
    50-54 years
    """
    number_55_59_years = "55-59 years"
    """
    55-59 years
    """
    number_60_64_years = "60-64 years"
    """
    60-64 years
    """
    number_65_69_years = "65-69 years"
    """
    65-69 years
    """
    number_70_74_years = "70-74 years"
    """
    70-74 years
    """
    number_75_79_years = "75-79 years"
    """
    75-79 years
    """
    number_80_84_years = "80-84 years"
    """
    80-84 years
    """
    number_85_89_years = "85-89 years"
    """
    85-89 years
    """
    number_90_94_years = "90-94 years"
    """
    90-94 years
    """
    number_95_99_years = "95-99 years"
    """
    95-99 years
    """
    number_100PLUS_SIGN_years = "100+ years"
    """
    100+ years
    """


class EthnicityBin(str, Enum):
    """
    ONS 2001 ethnic categories of the demographic frequency tables.
    """
    White___British = "White - British"
    """
    White - British
    """
    White___Irish = "White - Irish"
    """
    White - Irish
    """
    White___Any_other_White_background = "White - Any other White background"
    """
    White - Any other White background
    """
    Mixed___White_and_Black_Caribbean = "Mixed - White and Black Caribbean"
    """
    Mixed - White and Black Caribbean
    """
    Mixed___White_and_Black_African = "Mixed - White and Black African"
    """
    Mixed - White and Black African
    """
    Mixed___White_and_Asian = "Mixed - White and Asian"
    """
    Mixed - White and Asian
    """
    Mixed___Any_other_mixed_background = "Mixed - Any other mixed background"
    """
    Mixed - Any other mixed background
    """
    Asian_or_Asian_British___Indian = "Asian or Asian British - Indian"
    """
    Asian or Asian British - Indian
    """
    Asian_or_Asian_British___Pakistani = "Asian or Asian British - Pakistani"
    """
    Asian or Asian British - Pakistani
    """
    Asian_or_Asian_British___Bangladeshi = "Asian or Asian British - Bangladeshi"
    """
    Asian or Asian British - Bangladeshi
    """
    Asian_or_Asian_British___Any_other_Asian_background = "Asian or Asian British - Any other Asian background"
    """
    Asian or Asian British - Any other Asian background
    """
    Black_or_Black_British___Caribbean = "Black or Black British - Caribbean"
    """
    Black or Black British - Caribbean
    """
    Black_or_Black_British___African = "Black or Black British - African"
    """
    Black or Black British - African
    """
    Black_or_Black_British___Any_other_Black_background = "Black or Black British - Any other Black background"
    """
    Black or Black British - Any other Black background
    """
    Other_Ethnic_Groups___Chinese = "Other Ethnic Groups - Chinese"
    """
    Other Ethnic Groups - Chinese
    """
    Other_Ethnic_Groups___Any_other_ethnic_group = "Other Ethnic Groups - Any other ethnic group"
    """
    Other Ethnic Groups - Any other ethnic group
    """
    Not_stated = "Not stated"
    """
    Not stated
    """
    Not_known = "Not known"
    """
    Not known
    """


class DiseaseCodeVocabulary(str, Enum):
    """
    Vocabulary of disease codes in demographic frequency tables.
    """
    ICD10 = "ICD10"
    """
    ICD10
    """
    SNOMED_CT = "SNOMED CT"
    """
    SNOMED CT
    """
    MeSH = "MeSH"
    """
    MeSH
    """


class OmicsAssay(str, Enum):
    """
    Omics assays.
    """
    NMR_spectroscopy = "NMR spectroscopy"
    """
    NMR spectroscopy
    """
    Mass_spectrometry = "Mass-spectrometry"
    """
    Mass-spectrometry
    """
    Whole_genome_sequencing = "Whole genome sequencing"
    """
    Whole genome sequencing
    """
    Exome_sequencing = "Exome sequencing"
    """
    Exome sequencing
    """
    Genotyping_by_array = "Genotyping by array"
    """
    Genotyping by array
    """
    Transcriptome_profiling_by_high_throughput_sequencing = "Transcriptome profiling by high-throughput sequencing"
    """
    Transcriptome profiling by high-throughput sequencing
    """
    Transcriptome_profiling_by_array = "Transcriptome profiling by array"
    """
    Transcriptome profiling by array
    """
    Amplicon_sequencing = "Amplicon sequencing"
    """
    Amplicon sequencing
    """
    Methylation_binding_domain_sequencing = "Methylation binding domain sequencing"
    """
    Methylation binding domain sequencing
    """
    Methylation_profiling_by_high_throughput_sequencing = "Methylation profiling by high-throughput sequencing"
    """
    Methylation profiling by high-throughput sequencing
    """
    Genomic_variant_calling = "Genomic variant calling"
    """
    Genomic variant calling
    """
    Chromatin_accessibility_profiling_by_high_throughput_sequencing = "Chromatin accessibility profiling by high-throughput sequencing"
    """
    Chromatin accessibility profiling by high-throughput sequencing
    """
    Histone_modification_profiling_by_high_throughput_sequencing = "Histone modification profiling by high-throughput sequencing"
    """
    Histone modification profiling by high-throughput sequencing
    """
    Chromatin_immunoprecipitation_sequencing = "Chromatin immunoprecipitation sequencing"
    """
    Chromatin immunoprecipitation sequencing
    """
    Whole_genome_shotgun_sequencing = "Whole genome shotgun sequencing"
    """
    Whole genome shotgun sequencing
    """
    Whole_transcriptome_sequencing = "Whole transcriptome sequencing"
    """
    Whole transcriptome sequencing
    """
    Targeted_mutation_analysis = "Targeted mutation analysis"
    """
    Targeted mutation analysis
    """


class OmicsPlatform(str, Enum):
    """
    Omics platforms.
    """
    Other = "Other"
    """
    Other
    """
    NMR_Nightingale = "NMR Nightingale"
    """
    NMR Nightingale
    """
    Metabolon = "Metabolon"
    """
    Metabolon
    """
    Biocrates = "Biocrates"
    """
    Biocrates
    """
    Illumina = "Illumina"
    """
    Illumina
    """
    Oxford_Nanopore = "Oxford Nanopore"
    """
    Oxford Nanopore
    """
    number_454 = "454"
    """
    454
    """
    Hi_C = "Hi-C"
    """
    Hi-C
    """
    HiFi = "HiFi"
    """
    HiFi
    """


class MemberOf(str, Enum):
    """
    HDR UK membership of an organisation.
    """
    Hub = "Hub"
    """
    Hub
    """
    Alliance = "Alliance"
    """
    Alliance
    """
    Other = "Other"
    """
    Other
    """
    NCS = "NCS"
    """
    NCS
    """


class Language(str, Enum):
    """
    ISO 639-1 language codes.
    """
    aa = "aa"
    """
    Afar
    """
    ab = "ab"
    """
    Abkhazian
    """
    ae = "ae"
    """
    Avestan
    """
    af = "af"
    """
    Afrikaans
    """
    ak = "ak"
    """
    Akan
    """
    am = "am"
    """
    Amharic
    """
    an = "an"
    """
    Aragonese
    """
    ar = "ar"
    """
    Arabic
    """
    as_ = "as"
    """
    Assamese
    """
    av = "av"
    """
    Avaric
    """
    ay = "ay"
    """
    Aymara
    """
    az = "az"
    """
    Azerbaijani
    """
    ba = "ba"
    """
    Bashkir
    """
    be = "be"
    """
    Belarusian
    """
    bg = "bg"
    """
    Bulgarian
    """
    bi = "bi"
    """
    Bislama
    """
    bm = "bm"
    """
    Bambara
    """
    bn = "bn"
    """
    Bengali
    """
    bo = "bo"
    """
    Tibetan
    """
    br = "br"
    """
    Breton
    """
    bs = "bs"
    """
    Bosnian
    """
    ca = "ca"
    """
    Catalan
    """
    ce = "ce"
    """
    Chechen
    """
    ch = "ch"
    """
    Chamorro
    """
    co = "co"
    """
    Corsican
    """
    cr = "cr"
    """
    Cree
    """
    cs = "cs"
    """
    Czech
    """
    cu = "cu"
    """
    Church Slavic
    """
    cv = "cv"
    """
    Chuvash
    """
    cy = "cy"
    """
    Welsh
    """
    da = "da"
    """
    Danish
    """
    de = "de"
    """
    German
    """
    dv = "dv"
    """
    Divehi
    """
    dz = "dz"
    """
    Dzongkha
    """
    ee = "ee"
    """
    Ewe
    """
    el = "el"
    """
    Modern Greek (1453-)
    """
    en = "en"
    """
    English
    """
    eo = "eo"
    """
    Esperanto
    """
    es = "es"
    """
    Spanish
    """
    et = "et"
    """
    Estonian
    """
    eu = "eu"
    """
    Basque
    """
    fa = "fa"
    """
    Persian
    """
    ff = "ff"
    """
    Fulah
    """
    fi = "fi"
    """
    Finnish
    """
    fj = "fj"
    """
    Fijian
    """
    fo = "fo"
    """
    Faroese
    """
    fr = "fr"
    """
    French
    """
    fy = "fy"
    """
    Western Frisian
    """
    ga = "ga"
    """
    Irish
    """
    gd = "gd"
    """
    Scottish Gaelic
    """
    gl = "gl"
    """
    Galician
    """
    gn = "gn"
    """
    Guarani
    """
    gu = "gu"
    """
    Gujarati
    """
    gv = "gv"
    """
    Manx
    """
    ha = "ha"
    """
    Hausa
    """
    he = "he"
    """
    Hebrew
    """
    hi = "hi"
    """
    Hindi
    """
    ho = "ho"
    """
    Hiri Motu
    """
    hr = "hr"
    """
    Croatian
    """
    ht = "ht"
    """
    Haitian
    """
    hu = "hu"
    """
    Hungarian
    """
    hy = "hy"
    """
    Armenian
    """
    hz = "hz"
    """
    Herero
    """
    ia = "ia"
    """
    Interlingua (International Auxiliary Language Association)
    """
    id = "id"
    """
    Indonesian
    """
    ie = "ie"
    """
    Interlingue
    """
    ig = "ig"
    """
    Igbo
    """
    ii = "ii"
    """
    Sichuan Yi
    """
    ik = "ik"
    """
    Inupiaq
    """
    io = "io"
    """
    Ido
    """
    is_ = "is"
    """
    Icelandic
    """
    it = "it"
    """
    Italian
    """
    iu = "iu"
    """
    Inuktitut
    """
    ja = "ja"
    """
    Japanese
    """
    jv = "jv"
    """
    Javanese
    """
    ka = "ka"
    """
    Georgian
    """
    kg = "kg"
    """
    Kongo
    """
    ki = "ki"
    """
    Kikuyu
    """
    kj = "kj"
    """
    Kuanyama
    """
    kk = "kk"
    """
    Kazakh
    """
    kl = "kl"
    """
    Kalaallisut
    """
    km = "km"
    """
    Khmer
    """
    kn = "kn"
    """
    Kannada
    """
    ko = "ko"
    """
    Korean
    """
    kr = "kr"
    """
    Kanuri
    """
    ks = "ks"
    """
    Kashmiri
    """
    ku = "ku"
    """
    Kurdish
    """
    kv = "kv"
    """
    Komi
    """
    kw = "kw"
    """
    Cornish
    """
    ky = "ky"
    """
    Kirghiz
    """
    la = "la"
    """
    Latin
    """
    lb = "lb"
    """
    Luxembourgish
    """
    lg = "lg"
    """
    Ganda
    """
    li = "li"
    """
    Limburgan
    """
    ln = "ln"
    """
    Lingala
    """
    lo = "lo"
    """
    Lao
    """
    lt = "lt"
    """
    Lithuanian
    """
    lu = "lu"
    """
    Luba-Katanga
    """
    lv = "lv"
    """
    Latvian
    """
    mg = "mg"
    """
    Malagasy
    """
    mh = "mh"
    """
    Marshallese
    """
    mi = "mi"
    """
    Maori
    """
    mk = "mk"
    """
    Macedonian
    """
    ml = "ml"
    """
    Malayalam
    """
    mn = "mn"
    """
    Mongolian
    """
    mr = "mr"
    """
    Marathi
    """
    ms = "ms"
    """
    Malay (macrolanguage)
    """
    mt = "mt"
    """
    Maltese
    """
    my = "my"
    """
    Burmese
    """
    na = "na"
    """
    Nauru
    """
    nb = "nb"
    """
    Norwegian Bokmål
    """
    nd = "nd"
    """
    North Ndebele
    """
    ne = "ne"
    """
    Nepali (macrolanguage)
    """
    ng = "ng"
    """
    Ndonga
    """
    nl = "nl"
    """
    Dutch
    """
    nn = "nn"
    """
    Norwegian Nynorsk
    """
    no = "no"
    """
    Norwegian
    """
    nr = "nr"
    """
    South Ndebele
    """
    nv = "nv"
    """
    Navajo
    """
    ny = "ny"
    """
    Chichewa
    """
    oc = "oc"
    """
    Occitan (post 1500)
    """
    oj = "oj"
    """
    Ojibwa
    """
    om = "om"
    """
    Oromo
    """
    or_ = "or"
    """
    Oriya (macrolanguage)
    """
    os = "os"
    """
    Ossetian
    """
    pa = "pa"
    """
    Panjabi
    """
    pi = "pi"
    """
    Pali
    """
    pl = "pl"
    """
    Polish
    """
    ps = "ps"
    """
    Pushto
    """
    pt = "pt"
    """
    Portuguese
    """
    qu = "qu"
    """
    Quechua
    """
    rm = "rm"
    """
    Romansh
    """
    rn = "rn"
    """
    Rundi
    """
    ro = "ro"
    """
    Romanian
    """
    ru = "ru"
    """
    Russian
    """
    rw = "rw"
    """
    Kinyarwanda
    """
    sa = "sa"
    """
    Sanskrit
    """
    sc = "sc"
    """
    Sardinian
    """
    sd = "sd"
    """
    Sindhi
    """
    se = "se"
    """
    Northern Sami
    """
    sg = "sg"
    """
    Sango
    """
    sh = "sh"
    """
    Serbo-Croatian
    """
    si = "si"
    """
    Sinhala
    """
    sk = "sk"
    """
    Slovak
    """
    sl = "sl"
    """
    Slovenian
    """
    sm = "sm"
    """
    Samoan
    """
    sn = "sn"
    """
    Shona
    """
    so = "so"
    """
    Somali
    """
    sq = "sq"
    """
    Albanian
    """
    sr = "sr"
    """
    Serbian
    """
    ss = "ss"
    """
    Swati
    """
    st = "st"
    """
    Southern Sotho
    """
    su = "su"
    """
    Sundanese
    """
    sv = "sv"
    """
    Swedish
    """
    sw = "sw"
    """
    Swahili (macrolanguage)
    """
    ta = "ta"
    """
    Tamil
    """
    te = "te"
    """
    Telugu
    """
    tg = "tg"
    """
    Tajik
    """
    th = "th"
    """
    Thai
    """
    ti = "ti"
    """
    Tigrinya
    """
    tk = "tk"
    """
    Turkmen
    """
    tl = "tl"
    """
    Tagalog
    """
    tn = "tn"
    """
    Tswana
    """
    to = "to"
    """
    Tonga (Tonga Islands)
    """
    tr = "tr"
    """
    Turkish
    """
    ts = "ts"
    """
    Tsonga
    """
    tt = "tt"
    """
    Tatar
    """
    tw = "tw"
    """
    Twi
    """
    ty = "ty"
    """
    Tahitian
    """
    ug = "ug"
    """
    Uighur
    """
    uk = "uk"
    """
    Ukrainian
    """
    ur = "ur"
    """
    Urdu
    """
    uz = "uz"
    """
    Uzbek
    """
    ve = "ve"
    """
    Venda
    """
    vi = "vi"
    """
    Vietnamese
    """
    vo = "vo"
    """
    Volapük
    """
    wa = "wa"
    """
    Walloon
    """
    wo = "wo"
    """
    Wolof
    """
    xh = "xh"
    """
    Xhosa
    """
    yi = "yi"
    """
    Yiddish
    """
    yo = "yo"
    """
    Yoruba
    """
    za = "za"
    """
    Zhuang
    """
    zh = "zh"
    """
    Chinese
    """
    zu = "zu"
    """
    Zulu
    """


class Country(str, Enum):
    """
    ISO 3166-1 alpha-2 country codes (subdivisions are ISO 3166-2 strings on Location.code).
    """
    AD = "AD"
    """
    Andorra
    """
    AE = "AE"
    """
    United Arab Emirates
    """
    AF = "AF"
    """
    Afghanistan
    """
    AG = "AG"
    """
    Antigua and Barbuda
    """
    AI = "AI"
    """
    Anguilla
    """
    AL = "AL"
    """
    Albania
    """
    AM = "AM"
    """
    Armenia
    """
    AO = "AO"
    """
    Angola
    """
    AQ = "AQ"
    """
    Antarctica
    """
    AR = "AR"
    """
    Argentina
    """
    AS = "AS"
    """
    American Samoa
    """
    AT = "AT"
    """
    Austria
    """
    AU = "AU"
    """
    Australia
    """
    AW = "AW"
    """
    Aruba
    """
    AX = "AX"
    """
    Åland Islands
    """
    AZ = "AZ"
    """
    Azerbaijan
    """
    BA = "BA"
    """
    Bosnia and Herzegovina
    """
    BB = "BB"
    """
    Barbados
    """
    BD = "BD"
    """
    Bangladesh
    """
    BE = "BE"
    """
    Belgium
    """
    BF = "BF"
    """
    Burkina Faso
    """
    BG = "BG"
    """
    Bulgaria
    """
    BH = "BH"
    """
    Bahrain
    """
    BI = "BI"
    """
    Burundi
    """
    BJ = "BJ"
    """
    Benin
    """
    BL = "BL"
    """
    Saint Barthélemy
    """
    BM = "BM"
    """
    Bermuda
    """
    BN = "BN"
    """
    Brunei Darussalam
    """
    BO = "BO"
    """
    Bolivia, Plurinational State of
    """
    BQ = "BQ"
    """
    Bonaire, Sint Eustatius and Saba
    """
    BR = "BR"
    """
    Brazil
    """
    BS = "BS"
    """
    Bahamas
    """
    BT = "BT"
    """
    Bhutan
    """
    BV = "BV"
    """
    Bouvet Island
    """
    BW = "BW"
    """
    Botswana
    """
    BY = "BY"
    """
    Belarus
    """
    BZ = "BZ"
    """
    Belize
    """
    CA = "CA"
    """
    Canada
    """
    CC = "CC"
    """
    Cocos (Keeling) Islands
    """
    CD = "CD"
    """
    Congo, The Democratic Republic of the
    """
    CF = "CF"
    """
    Central African Republic
    """
    CG = "CG"
    """
    Congo
    """
    CH = "CH"
    """
    Switzerland
    """
    CI = "CI"
    """
    Côte d'Ivoire
    """
    CK = "CK"
    """
    Cook Islands
    """
    CL = "CL"
    """
    Chile
    """
    CM = "CM"
    """
    Cameroon
    """
    CN = "CN"
    """
    China
    """
    CO = "CO"
    """
    Colombia
    """
    CR = "CR"
    """
    Costa Rica
    """
    CU = "CU"
    """
    Cuba
    """
    CV = "CV"
    """
    Cabo Verde
    """
    CW = "CW"
    """
    Curaçao
    """
    CX = "CX"
    """
    Christmas Island
    """
    CY = "CY"
    """
    Cyprus
    """
    CZ = "CZ"
    """
    Czechia
    """
    DE = "DE"
    """
    Germany
    """
    DJ = "DJ"
    """
    Djibouti
    """
    DK = "DK"
    """
    Denmark
    """
    DM = "DM"
    """
    Dominica
    """
    DO = "DO"
    """
    Dominican Republic
    """
    DZ = "DZ"
    """
    Algeria
    """
    EC = "EC"
    """
    Ecuador
    """
    EE = "EE"
    """
    Estonia
    """
    EG = "EG"
    """
    Egypt
    """
    EH = "EH"
    """
    Western Sahara
    """
    ER = "ER"
    """
    Eritrea
    """
    ES = "ES"
    """
    Spain
    """
    ET = "ET"
    """
    Ethiopia
    """
    FI = "FI"
    """
    Finland
    """
    FJ = "FJ"
    """
    Fiji
    """
    FK = "FK"
    """
    Falkland Islands (Malvinas)
    """
    FM = "FM"
    """
    Micronesia, Federated States of
    """
    FO = "FO"
    """
    Faroe Islands
    """
    FR = "FR"
    """
    France
    """
    GA = "GA"
    """
    Gabon
    """
    GB = "GB"
    """
    United Kingdom
    """
    GD = "GD"
    """
    Grenada
    """
    GE = "GE"
    """
    Georgia
    """
    GF = "GF"
    """
    French Guiana
    """
    GG = "GG"
    """
    Guernsey
    """
    GH = "GH"
    """
    Ghana
    """
    GI = "GI"
    """
    Gibraltar
    """
    GL = "GL"
    """
    Greenland
    """
    GM = "GM"
    """
    Gambia
    """
    GN = "GN"
    """
    Guinea
    """
    GP = "GP"
    """
    Guadeloupe
    """
    GQ = "GQ"
    """
    Equatorial Guinea
    """
    GR = "GR"
    """
    Greece
    """
    GS = "GS"
    """
    South Georgia and the South Sandwich Islands
    """
    GT = "GT"
    """
    Guatemala
    """
    GU = "GU"
    """
    Guam
    """
    GW = "GW"
    """
    Guinea-Bissau
    """
    GY = "GY"
    """
    Guyana
    """
    HK = "HK"
    """
    Hong Kong
    """
    HM = "HM"
    """
    Heard Island and McDonald Islands
    """
    HN = "HN"
    """
    Honduras
    """
    HR = "HR"
    """
    Croatia
    """
    HT = "HT"
    """
    Haiti
    """
    HU = "HU"
    """
    Hungary
    """
    ID = "ID"
    """
    Indonesia
    """
    IE = "IE"
    """
    Ireland
    """
    IL = "IL"
    """
    Israel
    """
    IM = "IM"
    """
    Isle of Man
    """
    IN = "IN"
    """
    India
    """
    IO = "IO"
    """
    British Indian Ocean Territory
    """
    IQ = "IQ"
    """
    Iraq
    """
    IR = "IR"
    """
    Iran, Islamic Republic of
    """
    IS = "IS"
    """
    Iceland
    """
    IT = "IT"
    """
    Italy
    """
    JE = "JE"
    """
    Jersey
    """
    JM = "JM"
    """
    Jamaica
    """
    JO = "JO"
    """
    Jordan
    """
    JP = "JP"
    """
    Japan
    """
    KE = "KE"
    """
    Kenya
    """
    KG = "KG"
    """
    Kyrgyzstan
    """
    KH = "KH"
    """
    Cambodia
    """
    KI = "KI"
    """
    Kiribati
    """
    KM = "KM"
    """
    Comoros
    """
    KN = "KN"
    """
    Saint Kitts and Nevis
    """
    KP = "KP"
    """
    Korea, Democratic People's Republic of
    """
    KR = "KR"
    """
    Korea, Republic of
    """
    KW = "KW"
    """
    Kuwait
    """
    KY = "KY"
    """
    Cayman Islands
    """
    KZ = "KZ"
    """
    Kazakhstan
    """
    LA = "LA"
    """
    Lao People's Democratic Republic
    """
    LB = "LB"
    """
    Lebanon
    """
    LC = "LC"
    """
    Saint Lucia
    """
    LI = "LI"
    """
    Liechtenstein
    """
    LK = "LK"
    """
    Sri Lanka
    """
    LR = "LR"
    """
    Liberia
    """
    LS = "LS"
    """
    Lesotho
    """
    LT = "LT"
    """
    Lithuania
    """
    LU = "LU"
    """
    Luxembourg
    """
    LV = "LV"
    """
    Latvia
    """
    LY = "LY"
    """
    Libya
    """
    MA = "MA"
    """
    Morocco
    """
    MC = "MC"
    """
    Monaco
    """
    MD = "MD"
    """
    Moldova, Republic of
    """
    ME = "ME"
    """
    Montenegro
    """
    MF = "MF"
    """
    Saint Martin (French part)
    """
    MG = "MG"
    """
    Madagascar
    """
    MH = "MH"
    """
    Marshall Islands
    """
    MK = "MK"
    """
    North Macedonia
    """
    ML = "ML"
    """
    Mali
    """
    MM = "MM"
    """
    Myanmar
    """
    MN = "MN"
    """
    Mongolia
    """
    MO = "MO"
    """
    Macao
    """
    MP = "MP"
    """
    Northern Mariana Islands
    """
    MQ = "MQ"
    """
    Martinique
    """
    MR = "MR"
    """
    Mauritania
    """
    MS = "MS"
    """
    Montserrat
    """
    MT = "MT"
    """
    Malta
    """
    MU = "MU"
    """
    Mauritius
    """
    MV = "MV"
    """
    Maldives
    """
    MW = "MW"
    """
    Malawi
    """
    MX = "MX"
    """
    Mexico
    """
    MY = "MY"
    """
    Malaysia
    """
    MZ = "MZ"
    """
    Mozambique
    """
    NA = "NA"
    """
    Namibia
    """
    NC = "NC"
    """
    New Caledonia
    """
    NE = "NE"
    """
    Niger
    """
    NF = "NF"
    """
    Norfolk Island
    """
    NG = "NG"
    """
    Nigeria
    """
    NI = "NI"
    """
    Nicaragua
    """
    NL = "NL"
    """
    Netherlands
    """
    NO = "NO"
    """
    Norway
    """
    NP = "NP"
    """
    Nepal
    """
    NR = "NR"
    """
    Nauru
    """
    NU = "NU"
    """
    Niue
    """
    NZ = "NZ"
    """
    New Zealand
    """
    OM = "OM"
    """
    Oman
    """
    PA = "PA"
    """
    Panama
    """
    PE = "PE"
    """
    Peru
    """
    PF = "PF"
    """
    French Polynesia
    """
    PG = "PG"
    """
    Papua New Guinea
    """
    PH = "PH"
    """
    Philippines
    """
    PK = "PK"
    """
    Pakistan
    """
    PL = "PL"
    """
    Poland
    """
    PM = "PM"
    """
    Saint Pierre and Miquelon
    """
    PN = "PN"
    """
    Pitcairn
    """
    PR = "PR"
    """
    Puerto Rico
    """
    PS = "PS"
    """
    Palestine, State of
    """
    PT = "PT"
    """
    Portugal
    """
    PW = "PW"
    """
    Palau
    """
    PY = "PY"
    """
    Paraguay
    """
    QA = "QA"
    """
    Qatar
    """
    RE = "RE"
    """
    Réunion
    """
    RO = "RO"
    """
    Romania
    """
    RS = "RS"
    """
    Serbia
    """
    RU = "RU"
    """
    Russian Federation
    """
    RW = "RW"
    """
    Rwanda
    """
    SA = "SA"
    """
    Saudi Arabia
    """
    SB = "SB"
    """
    Solomon Islands
    """
    SC = "SC"
    """
    Seychelles
    """
    SD = "SD"
    """
    Sudan
    """
    SE = "SE"
    """
    Sweden
    """
    SG = "SG"
    """
    Singapore
    """
    SH = "SH"
    """
    Saint Helena, Ascension and Tristan da Cunha
    """
    SI = "SI"
    """
    Slovenia
    """
    SJ = "SJ"
    """
    Svalbard and Jan Mayen
    """
    SK = "SK"
    """
    Slovakia
    """
    SL = "SL"
    """
    Sierra Leone
    """
    SM = "SM"
    """
    San Marino
    """
    SN = "SN"
    """
    Senegal
    """
    SO = "SO"
    """
    Somalia
    """
    SR = "SR"
    """
    Suriname
    """
    SS = "SS"
    """
    South Sudan
    """
    ST = "ST"
    """
    Sao Tome and Principe
    """
    SV = "SV"
    """
    El Salvador
    """
    SX = "SX"
    """
    Sint Maarten (Dutch part)
    """
    SY = "SY"
    """
    Syrian Arab Republic
    """
    SZ = "SZ"
    """
    Eswatini
    """
    TC = "TC"
    """
    Turks and Caicos Islands
    """
    TD = "TD"
    """
    Chad
    """
    TF = "TF"
    """
    French Southern Territories
    """
    TG = "TG"
    """
    Togo
    """
    TH = "TH"
    """
    Thailand
    """
    TJ = "TJ"
    """
    Tajikistan
    """
    TK = "TK"
    """
    Tokelau
    """
    TL = "TL"
    """
    Timor-Leste
    """
    TM = "TM"
    """
    Turkmenistan
    """
    TN = "TN"
    """
    Tunisia
    """
    TO = "TO"
    """
    Tonga
    """
    TR = "TR"
    """
    Türkiye
    """
    TT = "TT"
    """
    Trinidad and Tobago
    """
    TV = "TV"
    """
    Tuvalu
    """
    TW = "TW"
    """
    Taiwan, Province of China
    """
    TZ = "TZ"
    """
    Tanzania, United Republic of
    """
    UA = "UA"
    """
    Ukraine
    """
    UG = "UG"
    """
    Uganda
    """
    UM = "UM"
    """
    United States Minor Outlying Islands
    """
    US = "US"
    """
    United States
    """
    UY = "UY"
    """
    Uruguay
    """
    UZ = "UZ"
    """
    Uzbekistan
    """
    VA = "VA"
    """
    Holy See (Vatican City State)
    """
    VC = "VC"
    """
    Saint Vincent and the Grenadines
    """
    VE = "VE"
    """
    Venezuela, Bolivarian Republic of
    """
    VG = "VG"
    """
    Virgin Islands, British
    """
    VI = "VI"
    """
    Virgin Islands, U.S.
    """
    VN = "VN"
    """
    Viet Nam
    """
    VU = "VU"
    """
    Vanuatu
    """
    WF = "WF"
    """
    Wallis and Futuna
    """
    WS = "WS"
    """
    Samoa
    """
    YE = "YE"
    """
    Yemen
    """
    YT = "YT"
    """
    Mayotte
    """
    ZA = "ZA"
    """
    South Africa
    """
    ZM = "ZM"
    """
    Zambia
    """
    ZW = "ZW"
    """
    Zimbabwe
    """



class DatasetCollection(ConfiguredBaseModel):
    """
    A batch of dataset records, for tools that load one document (LinkML validators, JSON Schema).
    """
    datasets: Optional[list[Dataset]] = Field(default=None)


class Dataset(ConfiguredBaseModel):
    """
    One dataset description, as harmonised from any source format.
    """
    id: str = Field(default=..., description="""The dataset's primary identifier: the source's own where it has one (UUID, URL, DOI, field id), otherwise derived deterministically from the source file and position (see conversion.id_derived).""")
    title: str = Field(default=...)
    short_title: Optional[str] = Field(default=None)
    abstract: Optional[str] = Field(default=None, description="""A short summary (HDR UK abstract, at most 500 characters there).""")
    description: Optional[str] = Field(default=None)
    version: Optional[str] = Field(default=None)
    version_notes: Optional[str] = Field(default=None)
    revisions: Optional[list[Revision]] = Field(default=None)
    issued: Optional[str] = Field(default=None)
    modified: Optional[str] = Field(default=None)
    keywords: Optional[list[str]] = Field(default=None)
    themes: Optional[list[str]] = Field(default=None)
    dataset_types: Optional[list[DatasetTypeAssignment]] = Field(default=None)
    health_categories: Optional[list[HealthCategory]] = Field(default=None)
    health_themes: Optional[list[str]] = Field(default=None)
    alternate_identifiers: Optional[list[str]] = Field(default=None, description="""Other identifiers or aliases of the dataset (HDR UK 3.0 alternateIdentifiers, 4.0 datasetAliases).""")
    doi: Optional[str] = Field(default=None, description="""The dataset's DOI name, without resolver prefix.""")
    landing_page: Optional[str] = Field(default=None)
    documentation: Optional[list[str]] = Field(default=None, description="""Documentation and associated media (URLs or citations).""")
    in_pipeline: Optional[Pipeline] = Field(default=None)
    publisher: Optional[Agent] = Field(default=None)
    data_custodian: Optional[Agent] = Field(default=None, description="""The organisation responsible for the data (HDR UK dataCustodian; 2.x publisher).""")
    creators: Optional[list[Agent]] = Field(default=None)
    contact_points: Optional[list[ContactPoint]] = Field(default=None)
    hdab: Optional[Agent] = Field(default=None, description="""The health data access body that grants access (HealthDCAT-AP).""")
    data_controllers: Optional[list[Agent]] = Field(default=None)
    data_processors: Optional[list[Agent]] = Field(default=None)
    population_size: Optional[int] = Field(default=None, description="""Number of people in the dataset. Absent when unknown (HDR UK writes -1 for unknown).""", ge=0)
    number_of_records: Optional[int] = Field(default=None, ge=0)
    min_typical_age: Optional[int] = Field(default=None, ge=0)
    max_typical_age: Optional[int] = Field(default=None, ge=0)
    population_coverage: Optional[str] = Field(default=None)
    spatial_coverage: Optional[list[Location]] = Field(default=None)
    temporal_coverage: Optional[PeriodOfTime] = Field(default=None)
    accrual_periodicity: Optional[Periodicity] = Field(default=None)
    distribution_release_date: Optional[str] = Field(default=None)
    time_lag: Optional[TimeLag] = Field(default=None)
    follow_up: Optional[FollowUp] = Field(default=None)
    pathway: Optional[str] = Field(default=None, description="""The patient pathway the data cover.""")
    dataset_completeness: Optional[str] = Field(default=None)
    material_types: Optional[list[MaterialType]] = Field(default=None)
    purposes: Optional[list[Purpose]] = Field(default=None)
    source_types: Optional[list[SourceType]] = Field(default=None)
    collection_settings: Optional[list[CollectionSetting]] = Field(default=None)
    image_contrast: Optional[Ternary] = Field(default=None)
    access_level: Optional[AccessLevel] = Field(default=None)
    access_rights: Optional[str] = Field(default=None, description="""How access is governed, in the custodian's words or as a link (HDR UK accessRights).""")
    access_service: Optional[str] = Field(default=None, description="""Description of the access service (HDR UK accessService text).""")
    access_service_category: Optional[AccessServiceCategory] = Field(default=None)
    access_request_cost: Optional[str] = Field(default=None)
    delivery_lead_time: Optional[DeliveryLeadTime] = Field(default=None)
    jurisdictions: Optional[list[str]] = Field(default=None, description="""ISO 3166-1 alpha-2 or ISO 3166-2 codes of the legal jurisdictions.""")
    data_use_limitations: Optional[list[DataUseLimitation]] = Field(default=None)
    data_use_requirements: Optional[list[DataUseRequirement]] = Field(default=None)
    license: Optional[str] = Field(default=None)
    applicable_legislation: Optional[list[str]] = Field(default=None)
    legal_basis: Optional[list[str]] = Field(default=None, description="""Legal bases for processing, as DPV IRIs or text.""")
    personal_data: Optional[list[str]] = Field(default=None)
    coding_systems: Optional[list[str]] = Field(default=None, description="""Controlled vocabularies used in the data: a CodingSystem value where one matches (normalised), otherwise the name or IRI the source gives.""")
    code_values: Optional[list[str]] = Field(default=None)
    conforms_to: Optional[list[str]] = Field(default=None, description="""Standards and data models the data conform to: a StandardDataModel value where one matches (normalised), otherwise the name or IRI the source gives.""")
    languages: Optional[list[Language]] = Field(default=None)
    formats: Optional[list[str]] = Field(default=None)
    derived_from: Optional[list[DatasetReference]] = Field(default=None)
    is_part_of: Optional[list[DatasetReference]] = Field(default=None)
    linkable_datasets: Optional[list[DatasetReference]] = Field(default=None)
    similar_to_datasets: Optional[list[DatasetReference]] = Field(default=None)
    investigations: Optional[list[str]] = Field(default=None)
    tools: Optional[list[str]] = Field(default=None)
    publications_about: Optional[list[str]] = Field(default=None)
    publications_using: Optional[list[str]] = Field(default=None)
    related_resources: Optional[list[str]] = Field(default=None)
    synthetic_data_links: Optional[list[str]] = Field(default=None)
    observations: Optional[list[Observation]] = Field(default=None)
    has_structured_data: Optional[bool] = Field(default=None, description="""True when the record describes its variables (tables); writers derive it when absent.""")
    tables: Optional[list[Table]] = Field(default=None, description="""Structural metadata. RDF writers put the tables in a csvw:TableGroup under healthdcatap:hasVariables.""")
    age_frequencies: Optional[list[AgeFrequency]] = Field(default=None)
    ethnicity_frequencies: Optional[list[EthnicityFrequency]] = Field(default=None)
    disease_frequencies: Optional[list[DiseaseFrequency]] = Field(default=None)
    omics_assays: Optional[list[OmicsAssay]] = Field(default=None)
    omics_platforms: Optional[list[OmicsPlatform]] = Field(default=None)
    distributions: Optional[list[Distribution]] = Field(default=None)
    annotations: Optional[list[Annotation]] = Field(default=None)
    extensions: Optional[list[ExtensionValue]] = Field(default=None)
    conversion: Optional[ConversionProvenance] = Field(default=None)

    @field_validator('doi')
    def pattern_doi(cls, v):
        pattern=re.compile(r"^10\.\d{4,9}/\S+$")
        if isinstance(v, list):
            for element in v:
                if isinstance(element, str) and not pattern.search(element):
                    err_msg = f"Invalid doi format: {element}"
                    raise ValueError(err_msg)
        elif isinstance(v, str) and not pattern.search(v):
            err_msg = f"Invalid doi format: {v}"
            raise ValueError(err_msg)
        return v

    @field_validator('jurisdictions')
    def pattern_jurisdictions(cls, v):
        pattern=re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
        if isinstance(v, list):
            for element in v:
                if isinstance(element, str) and not pattern.search(element):
                    err_msg = f"Invalid jurisdictions format: {element}"
                    raise ValueError(err_msg)
        elif isinstance(v, str) and not pattern.search(v):
            err_msg = f"Invalid jurisdictions format: {v}"
            raise ValueError(err_msg)
        return v


class Agent(ConfiguredBaseModel):
    """
    An organisation or person (publisher, custodian, creator, access body, controller).
    """
    name: Optional[str] = Field(default=None)
    identifier: Optional[str] = Field(default=None, description="""An identifier of the agent, ideally a ROR or ORCID IRI.""")
    homepage: Optional[str] = Field(default=None)
    logo: Optional[str] = Field(default=None)
    description: Optional[str] = Field(default=None)
    contact_points: Optional[list[ContactPoint]] = Field(default=None)
    member_of: Optional[MemberOf] = Field(default=None)
    agent_type: Optional[str] = Field(default=None)


class ContactPoint(ConfiguredBaseModel):
    name: Optional[str] = Field(default=None)
    email: Optional[str] = Field(default=None)
    url: Optional[str] = Field(default=None)
    telephone: Optional[str] = Field(default=None)


class Location(ConfiguredBaseModel):
    """
    A place; `code` holds ISO 3166-1 alpha-2 or ISO 3166-2 where the place is a country or subdivision.
    """
    code: Optional[str] = Field(default=None)
    label: Optional[str] = Field(default=None)
    iri: Optional[str] = Field(default=None)

    @field_validator('code')
    def pattern_code(cls, v):
        pattern=re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
        if isinstance(v, list):
            for element in v:
                if isinstance(element, str) and not pattern.search(element):
                    err_msg = f"Invalid code format: {element}"
                    raise ValueError(err_msg)
        elif isinstance(v, str) and not pattern.search(v):
            err_msg = f"Invalid code format: {v}"
            raise ValueError(err_msg)
        return v


class PeriodOfTime(ConfiguredBaseModel):
    start_date: Optional[str] = Field(default=None)
    end_date: Optional[str] = Field(default=None)
    ongoing: Optional[bool] = Field(default=None, description="""True when collection continues (HDR UK endDate \"CONTINUOUS\").""")


class Revision(ConfiguredBaseModel):
    version: Optional[str] = Field(default=None)
    url: Optional[str] = Field(default=None)


class DatasetReference(ConfiguredBaseModel):
    """
    A reference to another dataset (linkage, derivation, membership).
    """
    pid: Optional[str] = Field(default=None)
    title: Optional[str] = Field(default=None)
    url: Optional[str] = Field(default=None)


class DatasetTypeAssignment(ConfiguredBaseModel):
    """
    A dataset type with its subtypes (HDR UK 4.0 datasetType objects; 3.0 flat lists).
    """
    name: Optional[DatasetType] = Field(default=None)
    sub_types: Optional[list[DatasetSubType]] = Field(default=None)


class Observation(ConfiguredBaseModel):
    observed_node: Optional[StatisticalPopulation] = Field(default=None)
    measured_value: Optional[int] = Field(default=None)
    measured_property: Optional[str] = Field(default=None)
    observation_date: Optional[str] = Field(default=None)
    disambiguating_description: Optional[str] = Field(default=None)


class Table(ConfiguredBaseModel):
    """
    A table, form, data class or file of the dataset.
    """
    name: str = Field(default=...)
    label: Optional[str] = Field(default=None)
    description: Optional[str] = Field(default=None)
    source_identifier: Optional[str] = Field(default=None)
    container: Optional[str] = Field(default=None, description="""Where the table sits in the source (database and schema, category path, form).""")
    url: Optional[str] = Field(default=None)
    row_count: Optional[int] = Field(default=None, ge=0)
    variables: Optional[list[Variable]] = Field(default=None)
    annotations: Optional[list[Annotation]] = Field(default=None)


class Variable(ConfiguredBaseModel):
    """
    One variable (column, field, data element) of a table.
    """
    name: str = Field(default=...)
    label: Optional[str] = Field(default=None)
    description: Optional[str] = Field(default=None)
    data_type: Optional[DataType] = Field(default=None)
    source_data_type: Optional[str] = Field(default=None, description="""The data type exactly as the source writes it (e.g. \"String(12)\", \"Categorical multiple\").""")
    unit: Optional[str] = Field(default=None)
    format: Optional[str] = Field(default=None, description="""A format or pattern the values follow (e.g. \"CCYY-MM-DD\", \"an10\").""")
    sensitive: Optional[bool] = Field(default=None)
    source_identifier: Optional[str] = Field(default=None, description="""The source's own identifier of the variable (UK Biobank field id, NHS data element id).""")
    property_url: Optional[str] = Field(default=None, description="""A link to the variable's definition.""")
    requirement: Optional[RequirementLevel] = Field(default=None)
    is_primary_key: Optional[bool] = Field(default=None)
    references: Optional[str] = Field(default=None, description="""A foreign key, as \"table.variable\".""")
    instances: Optional[int] = Field(default=None, ge=0)
    array_size: Optional[int] = Field(default=None, ge=0)
    repeat_count: Optional[int] = Field(default=None, description="""How many numbered copies of the variable the source has (HES `_n` / `_nn` fields).""", ge=0)
    participants: Optional[int] = Field(default=None, ge=0)
    item_count: Optional[int] = Field(default=None, ge=0)
    notes: Optional[str] = Field(default=None)
    value_set: Optional[list[ValueSetEntry]] = Field(default=None)
    annotations: Optional[list[Annotation]] = Field(default=None)


class ValueSetEntry(ConfiguredBaseModel):
    """
    One permitted value of a variable.
    """
    code: str = Field(default=...)
    label: Optional[str] = Field(default=None)
    description: Optional[str] = Field(default=None)
    frequency: Optional[int] = Field(default=None, ge=0)
    parent_code: Optional[str] = Field(default=None)
    is_missing: Optional[bool] = Field(default=None, description="""True for codes that stand for a missing value (DDI, Maelstrom).""")


class AgeFrequency(ConfiguredBaseModel):
    bin: AgeBin = Field(default=...)
    count: int = Field(default=...)


class EthnicityFrequency(ConfiguredBaseModel):
    bin: EthnicityBin = Field(default=...)
    count: int = Field(default=...)


class DiseaseFrequency(ConfiguredBaseModel):
    code: str = Field(default=...)
    vocabulary: DiseaseCodeVocabulary = Field(default=...)
    count: int = Field(default=...)


class Distribution(ConfiguredBaseModel):
    id: Optional[str] = Field(default=None)
    title: Optional[str] = Field(default=None)
    description: Optional[str] = Field(default=None)
    access_url: Optional[str] = Field(default=None)
    download_url: Optional[str] = Field(default=None)
    format: Optional[str] = Field(default=None)
    media_type: Optional[str] = Field(default=None)
    byte_size: Optional[int] = Field(default=None, ge=0)
    license: Optional[str] = Field(default=None)
    conforms_to: Optional[list[str]] = Field(default=None)
    applicable_legislation: Optional[list[str]] = Field(default=None)
    issued: Optional[str] = Field(default=None)
    modified: Optional[str] = Field(default=None)


class Annotation(ConfiguredBaseModel):
    """
    A source-specific property mapped on purpose but with no dedicated slot (a REDCap branching-logic expression, a Maelstrom taxonomy term). Keys are namespaced by format.
    """
    property: str = Field(default=...)
    value: str = Field(default=...)


class ExtensionValue(ConfiguredBaseModel):
    """
    A source value that reached no model slot, kept verbatim so nothing is lost and a writer for the same format can bring it back.
    """
    source_pointer: str = Field(default=..., description="""Where the value stands in the source (JSON Pointer, or row/column).""")
    value: str = Field(default=..., description="""The value as JSON text.""")
    reason: Optional[ExtensionReason] = Field(default=None)
    note: Optional[str] = Field(default=None)


class ConversionProvenance(ConfiguredBaseModel):
    """
    How this record was produced, so any output can be traced back to its input.
    """
    source_format: str = Field(default=...)
    source_format_version: Optional[str] = Field(default=None)
    source_file: Optional[str] = Field(default=None)
    source_pointer: Optional[str] = Field(default=None)
    mapping_module: Optional[str] = Field(default=None)
    mapping_module_version: Optional[str] = Field(default=None)
    harmonise_version: Optional[str] = Field(default=None)
    model_version: Optional[str] = Field(default=None)
    converted_at: Optional[str] = Field(default=None)
    id_derived: Optional[bool] = Field(default=None, description="""True when the source had no identifier and `id` was derived from file and position.""")
    overlays: Optional[list[str]] = Field(default=None, description="""Overlay files whose dataset-level values were merged into this record.""")


# Model rebuild
# see https://pydantic-docs.helpmanual.io/usage/models/#rebuilding-a-model
DatasetCollection.model_rebuild()
Dataset.model_rebuild()
Agent.model_rebuild()
ContactPoint.model_rebuild()
Location.model_rebuild()
PeriodOfTime.model_rebuild()
Revision.model_rebuild()
DatasetReference.model_rebuild()
DatasetTypeAssignment.model_rebuild()
Observation.model_rebuild()
Table.model_rebuild()
Variable.model_rebuild()
ValueSetEntry.model_rebuild()
AgeFrequency.model_rebuild()
EthnicityFrequency.model_rebuild()
DiseaseFrequency.model_rebuild()
Distribution.model_rebuild()
Annotation.model_rebuild()
ExtensionValue.model_rebuild()
ConversionProvenance.model_rebuild()
