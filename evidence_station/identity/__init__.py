"""Station identity: the station's signer (key file or PKCS#11 token) and certificate, user password hashing.

The station key belongs to the station, never to a user: it is opened by the account that runs the station (the
service account in an installed station) or by a PKCS#11 token, and no user's password unlocks it
(:mod:`evidence_station.identity.signer`). ``key_slots`` only reads the per-user slots of older homes, once,
when they are migrated. May import ``domain``, the standard library, ``cryptography``, pyHanko/asn1crypto and
python-pkcs11; never Qt, catalogue or services.
"""
