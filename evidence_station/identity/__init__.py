"""Station identity and secrets: the station key pair and certificate, user password hashing, key slots.

The station's EC private key is stored only as encrypted PKCS#8. Its passphrase (a random data key) is
wrapped once per user with AES-GCM under a key derived from that user's password (scrypt), so any
logged-in user can sign unattended while no secret exists in plaintext on disk. May import ``domain``,
the standard library and ``cryptography``; never Qt, catalogue or services.
"""
