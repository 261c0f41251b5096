"""The command-line interface ``evidence-station`` (public contract: ``../shared/docs/CLI.md``).

Parses arguments, asks for the acting user's password, calls the service layer and prints either human
text or exactly one JSON object. Exit codes come from the domain errors. May import ``services`` and
``domain``; never Qt (the ``gui`` command imports the GUI lazily).
"""
