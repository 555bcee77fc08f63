"""Tailor: medical answers written for clinicians, nurses and families, served to each reader in the version they chose.

Two flows share one content model (`content`): the read side turns an answer into renditions (`rendition`),
the write side takes editors' texts through the rules and review into the store (`editorial`, `store`). The
surfaces (`reader`, `apps`, `search`, `editorial`) stand on a thin shared HTTP edge (`web`); `app` wires them.
"""
