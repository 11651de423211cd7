"""Write the vocabulary part of the model from the official sources.

Run by hand when HDR UK publishes a schema or ISO data changes; the output
(`model/enums/hdruk.yaml`, `model/enums/iso.yaml`) is committed and reviewed like
any other model change. It is not part of the conversion path.

    python model/scripts/import_vocabularies.py ../shared/standards/hdruk

The 3.x sentence-case values are the permissible values; the 2.x UPPER-CASE
spellings become `aliases`, so the normalisation layer can read either.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pycountry
import yaml

HERE = Path(__file__).resolve().parent.parent

# model enum name -> (3.0.0 $defs name, 2.1.2/2.2.1 $defs name or None, description)
HDRUK_ENUMS = {
    "Periodicity": ("PeriodicityV2", "Periodicity", "How often the dataset is updated (HDR UK publishingFrequency / accrualPeriodicity)."),
    "TimeLag": ("TimeLagV2", "TimeLag", "Typical delay between an event and its appearance in the dataset."),
    "DeliveryLeadTime": ("DeliveryLeadTimeV2", "DeliveryLeadTime", "Typical time from an approved access request to data delivery."),
    "FollowUp": ("FollowupV2", "Followup", "Typical follow-up period of individuals in the dataset."),
    "Purpose": ("PurposeV2", "Purpose", "Why the data were collected."),
    "SourceType": ("SourceV2", "Source", "Kind of system the data come from."),
    "CollectionSetting": ("SettingV2", "Setting", "Setting in which the data were collected."),
    "DataUseLimitation": ("DataUseLimitationV2", "DataUseLimitation", "Limitations on use (inspired by GA4GH DUO)."),
    "DataUseRequirement": ("DataUseRequirementsV2", "DataUseRequirements", "Requirements on use (inspired by GA4GH DUO)."),
    "StatisticalPopulation": ("StatisticalPopulationConstrainedV2", "StatisticalPopulationConstrained", "What an observation counts."),
    "MaterialType": ("MaterialTypeCategoriesV2", None, "Physical sample types available (UK Tissue Directory list)."),
    "CodingSystem": ("ControlledVocabularyEnum", None, "Controlled vocabularies used in the data (OMOP vocabulary ids)."),
    "StandardDataModel": ("StandardisedDataModelsEnum", None, "Standardised data models the data conform to."),
    "AccessServiceCategory": ("AccessService", None, "How access is provided."),
    "Pipeline": ("Pipeline", None, "Whether the dataset is in an onboarding pipeline."),
    "Ternary": ("Ternary", None, "Yes / No / Not stated."),
    "DatasetType": ("DatasetTypeV2", None, "Broad type of dataset (HDR UK 3.x/4.x)."),
    "DatasetSubType": ("DatasetSubType", None, "Dataset subtype (flat list of HDR UK 3.0.0; 4.0.0 scopes subtypes per type)."),
    "AgeBin": ("AgeEnum", None, "Age bands of the demographic frequency tables."),
    "EthnicityBin": ("EthnicityEnum", None, "ONS 2001 ethnic categories of the demographic frequency tables."),
    "DiseaseCodeVocabulary": ("DiseaseCodeEnum", None, "Vocabulary of disease codes in demographic frequency tables."),
    "OmicsAssay": ("Assay", None, "Omics assays."),
    "OmicsPlatform": ("Platform", None, "Omics platforms."),
    "MemberOf": ("MemberOfV2", "MemberOf", "HDR UK membership of an organisation."),
}

# 2.x spellings that do not fold onto the 3.x value by case and punctuation alone.
EXTRA_ALIASES = {
    "TimeLag": {"Less than 1 week": ["LESS 1 WEEK"], "More than 6 months": ["MORE 6 MONTHS"], "Not applicable": ["NO TIMELAG"]},
    "DeliveryLeadTime": {"Less than 1 week": ["LESS 1 WEEK"], "More than 6 months": ["MORE 6 MONTHS"]},
    "Periodicity": {"Twice a week": ["SEMIWEEKLY"]},
    "SourceType": {"Paper-based": ["PAPER BASED"], "Free text NLP": ["FREETEXT NLP"], "Other": ["OTHER INFORMATION SYSTEM"]},
    "CollectionSetting": {
        "Secondary care - Accident and Emergency": ["ACCIDENT AND EMERGENCY"],
        "Secondary care - Outpatients": ["OUTPATIENTS"],
        "Secondary care - In-patients": ["IN-PATIENTS"],
        "Prescribing - Community pharmacy": ["PHARMACY"],
        "Social care - Other social data": ["SOCIAL CARE"],
        "Primary care - Clinic": ["PRIMARY CARE"],
    },
    "DataUseLimitation": {"User-specific restrictions": ["USER SPECIFIC RESTRICTION"]},
    "DataUseRequirement": {"User-specific restriction": ["USER SPECIFIC RESTRICTIONS"]},
    "MaterialType": {"None/not available": ["NOT AVAILABLE"], "CDNA/MRNA": ["CDNA OR MRNA"]},
    "StatisticalPopulation": {"Persons": ["Person", "People"], "Events": ["Event"], "Findings": ["Finding"]},
}

MEANINGS = {
    "Periodicity": {
        "Static": "euFrequency:NEVER", "Irregular": "euFrequency:IRREG", "Continuous": "euFrequency:CONT",
        "Biennial": "euFrequency:BIENNIAL", "Annual": "euFrequency:ANNUAL", "Biannual": "euFrequency:ANNUAL_2",
        "Quarterly": "euFrequency:QUARTERLY", "Bimonthly": "euFrequency:BIMONTHLY", "Monthly": "euFrequency:MONTHLY",
        "Biweekly": "euFrequency:BIWEEKLY", "Weekly": "euFrequency:WEEKLY", "Twice a week": "euFrequency:WEEKLY_2",
        "Daily": "euFrequency:DAILY", "Other": "euFrequency:OTHER",
    },
    "DataUseLimitation": {
        "General research use": "DUO:0000042", "Genetic studies only": "DUO:0000016",
        "No general methods research": "DUO:0000015", "No restriction": "DUO:0000004",
        "Geographical restrictions": "DUO:0000022", "Institution-specific restrictions": "DUO:0000028",
        "Not for profit use": "DUO:0000018", "Project-specific restrictions": "DUO:0000027",
        "Research-specific restrictions": "DUO:0000012", "User-specific restrictions": "DUO:0000026",
    },
    "DataUseRequirement": {
        "Collaboration required": "DUO:0000020", "Project-specific restrictions": "DUO:0000027",
        "Ethics approval required": "DUO:0000021", "Institution-specific restrictions": "DUO:0000028",
        "Geographical restrictions": "DUO:0000022", "Publication moratorium": "DUO:0000024",
        "Publication required": "DUO:0000019", "Return to database or resource": "DUO:0000029",
        "Time limit on use": "DUO:0000025", "Not for profit use": "DUO:0000018",
        "User-specific restriction": "DUO:0000026",
    },
}


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9+]", "", text.casefold())


def _defs(schema_dir: Path, name: str) -> dict:
    data = json.loads((schema_dir / name).read_text())
    return data.get("$defs") or data.get("definitions") or {}


def hdruk_enums(schema_dir: Path) -> dict:
    v3 = _defs(schema_dir, "HDRUK-3.0.0.schema.json")
    v4 = _defs(schema_dir, "HDRUK-4.0.0.schema.json")
    old = {**_defs(schema_dir, "HDRUK-2.1.2.schema.json"), **_defs(schema_dir, "HDRUK-2.2.1.schema.json")}
    enums: dict = {}
    for model_name, (v3_name, old_name, description) in HDRUK_ENUMS.items():
        values = [v for v in v3[v3_name]["enum"] if v is not None]
        if model_name == "DatasetSubType":  # 4.0.0 adds per-type "Others", "Finances", "Labour"
            for key, spec in v4.items():
                if key.endswith("SubTypes") and "enum" in spec:
                    values += [v for v in spec["enum"] if v is not None and v not in values]
        old_values = [v for v in (old.get(old_name, {}).get("enum", []) if old_name else []) if v]
        pvs: dict = {}
        for value in values:
            pv: dict = {"description": value}
            aliases = [o for o in old_values if _fold(o) == _fold(value) and o != value]
            aliases += EXTRA_ALIASES.get(model_name, {}).get(value, [])
            if aliases:
                pv["aliases"] = sorted(set(aliases))
            meaning = MEANINGS.get(model_name, {}).get(value)
            if meaning:
                pv["meaning"] = meaning
            pvs[value] = pv
        enums[model_name] = {"description": description, "permissible_values": pvs}
    return enums


def iso_enums() -> dict:
    languages: dict = {}
    for lang in sorted(pycountry.languages, key=lambda l: getattr(l, "alpha_2", "")):
        code = getattr(lang, "alpha_2", None)
        if code:
            languages[code] = {"description": lang.name, "meaning": f"iso639_1:{code}"}
    countries: dict = {}
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        countries[country.alpha_2] = {
            "description": country.name,
            "meaning": f"euCountry:{country.alpha_3}",
        }
    return {
        "Language": {"description": "ISO 639-1 language codes.", "permissible_values": languages},
        "Country": {"description": "ISO 3166-1 alpha-2 country codes (subdivisions are ISO 3166-2 strings on Location.code).",
                     "permissible_values": countries},
    }


def write(path: Path, schema_id: str, name: str, description: str, enums: dict) -> None:
    doc = {
        "id": f"https://w3id.org/harmonise/model/{schema_id}",
        "name": name,
        "description": description,
        "prefixes": {
            "linkml": "https://w3id.org/linkml/",
            "euFrequency": "http://publications.europa.eu/resource/authority/frequency/",
            "euCountry": "http://publications.europa.eu/resource/authority/country/",
            "DUO": "http://purl.obolibrary.org/obo/DUO_",
            "iso639_1": "http://id.loc.gov/vocabulary/iso639-1/",
        },
        "default_prefix": "https://w3id.org/harmonise/model/",
        "imports": ["linkml:types"],
        "enums": enums,
    }
    header = "# Generated by model/scripts/import_vocabularies.py - edit that script, not this file.\n"
    path.write_text(header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120))


def main(schema_dir: str) -> None:
    write(HERE / "enums" / "hdruk.yaml", "enums/hdruk", "harmonise_hdruk_vocabularies",
          "Vocabularies of the HDR UK dataset schema (3.x values, 2.x spellings as aliases).", hdruk_enums(Path(schema_dir)))
    write(HERE / "enums" / "iso.yaml", "enums/iso", "harmonise_iso_vocabularies",
          "ISO 639-1 languages and ISO 3166-1 countries.", iso_enums())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/standards/hdruk")
