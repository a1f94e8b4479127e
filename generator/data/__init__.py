"""Region data: YAML loading with source positions, schemas, workspace assembly and indicators."""
