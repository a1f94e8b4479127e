"""naskah: regional-government documents on Inpres 2/2021 built from YAML data."""

__version__ = "0.1.0"
