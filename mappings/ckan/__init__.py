"""CKAN package (dataset) JSON, including data.gov.uk extras and ckanext-dcat health fields."""
from harmonise.mappings.ckan.reader import CkanReader

READERS = [CkanReader()]
