"""A weather MCP server (modelled on the MCP quickstart)."""
import httpx
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("weather")

NWS_API_BASE = "https://api.weather.gov"


@mcp.tool()
async def get_alerts(state: str) -> str:
    """Get weather alerts for a US state."""
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{NWS_API_BASE}/alerts/active/area/{state}")
    return r.text


@mcp.tool()
async def get_forecast(latitude: float, longitude: float) -> str:
    """Get the weather forecast for a location."""
    return "sunny"


if __name__ == "__main__":
    mcp.run(transport="streamable-http", host="0.0.0.0", port=8000)
