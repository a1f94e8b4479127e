"""Legal knowledge: Indonesian number/date wording, the legal-bases library and citation forms."""
