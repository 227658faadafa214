"""The mock's own control API (``/__mock__``): reset, faults, journal, rules."""
