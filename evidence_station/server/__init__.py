"""The station service: the one process that opens the catalogue, the vault and the station key.

``dispatch`` runs the service operations for logged-in sessions (transport-free); ``http_app`` puts them on
HTTP (a Unix socket for the desktop, TLS for remote desks); ``embedded`` runs the same dispatcher privately
inside a client process (demo, laptop, tests).
"""
