"""The tamper-evident audit log: hash chain, signed checkpoints and their verification.

Every change the services make is appended here in the same transaction as the change. Each event
carries the hash of the previous one; checkpoints signed by the station key (kept in the catalogue *and*
in an append-only file outside it, and printed on every evidence disc) let an outsider prove that nothing
before them was rewritten, even by someone able to rewrite the whole database. May import ``domain``,
``catalogue`` and ``identity``; never Qt or services.
"""
