"""Reading camera cards at the desk: scanning, opening files safely, feeding them to the station, wiping."""
