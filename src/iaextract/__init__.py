"""iaextract: extract, redact and publish case records from IA Pro-style databases."""

__version__ = "0.1.0"
#: Version of the open schema written into every manifest and data package.
SCHEMA_VERSION = "1.0.0"
