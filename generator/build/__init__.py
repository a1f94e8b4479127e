"""Publishing outputs: atomic writes into output/ and the manifest of content hashes."""
