"""Every disk format and every write: atomic files, human-owned YAML, machine-owned JSON, the lock."""
