"""Pure-Python domain layer: value types, enums, rules and errors.

Everything the regulation says as a rule lives here: the Art. 10 bookmark kinds, the Art. 5
non-recording reasons, classifications, roles, the 24 h import deadline (Art. 15), gap detection
(Art. 9/11), clock offsets (Art. 7) and retention dates (Art. 16). This package imports only the
Python standard library; every other layer may import it.
"""
