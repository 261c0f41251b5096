"""The wire between the station service and its clients.

Everything here is shared by both sides and imports nothing but :mod:`evidence_station.domain`, the standard
library and msgspec: the JSON codec, the error payload, the session and progress messages, the result views the
services return and the :class:`~evidence_station.api.station_api.StationApi` protocol that names every
operation the service offers. The service (``server/``) implements it over ``services/``; the client
(``client/``) mirrors it for the GUI and the CLI.
"""
