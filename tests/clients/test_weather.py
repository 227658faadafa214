from __future__ import annotations

from clients.weather import get_current_weather


def test_known_and_unknown_cities() -> None:
    assert get_current_weather("Boston, MA") == {
        "location": "Boston, MA", "temperature": 22.0, "unit": "celsius", "forecast": "sunny"
    }  # fmt: skip
    assert get_current_weather("Boston", unit="fahrenheit")["temperature"] == 71.6
    assert get_current_weather("Atlantis")["forecast"] == "clear"
