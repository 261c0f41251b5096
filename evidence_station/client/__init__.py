"""The station's client: what the GUI and the CLI use to talk to the station service.

``StationClient`` has a method per service operation (generated from
:class:`~evidence_station.api.station_api.StationApi`); a :class:`~evidence_station.client.transport.Transport`
carries the calls — HTTP to a station service (Unix socket or TLS), or in-process to an embedded service on the
caller's own home.
"""
