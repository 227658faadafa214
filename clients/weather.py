"""The seed's weather tool, answered by a local fake: no weather service is called."""

from __future__ import annotations

from typing import Any, Literal

from .tools import Tool

# A few cities with fixed weather, so the lesson's answer can be checked.
FAKE_WEATHER: dict[str, tuple[float, str]] = {
    "boston": (22.0, "sunny"),
    "seoul": (18.0, "cloudy"),
    "san francisco": (16.0, "foggy"),
}
DEFAULT_WEATHER = (20.0, "clear")


def get_current_weather(
    location: str, unit: Literal["celsius", "fahrenheit"] = "celsius"
) -> dict[str, Any]:
    city = location.split(",")[0].strip().lower()
    celsius, forecast = FAKE_WEATHER.get(city, DEFAULT_WEATHER)
    temperature = celsius if unit == "celsius" else round(celsius * 9 / 5 + 32, 1)
    return {"location": location, "temperature": temperature, "unit": unit, "forecast": forecast}


# The seed's tool definition, word for word.
WEATHER_TOOL = Tool(
    name="get_current_weather",
    description="Get the current weather in a given location",
    parameters={
        "type": "object",
        "properties": {
            "location": {
                "type": "string",
                "description": "The city and state, e.g. San Francisco, CA",
            },
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        },
        "required": ["location"],
    },
    function=get_current_weather,
)
SEED_QUESTION = "What's the weather like in Boston today?"
