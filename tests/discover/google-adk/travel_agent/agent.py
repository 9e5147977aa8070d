"""Modelled on the Google ADK multi-agent samples."""
from google.adk.agents import Agent, SequentialAgent
from google.adk.tools.mcp_tool.mcp_toolset import MCPToolset, StdioServerParameters


def get_flights(origin: str, destination: str) -> dict:
    """Finds flights."""
    return {"status": "success"}


def book_hotel(city: str) -> dict:
    """Books a hotel."""
    return {"status": "success"}


flight_agent = Agent(
    name="flight_agent",
    model="gemini-2.0-flash",
    instruction="Find flights.",
    tools=[get_flights],
)

hotel_agent = Agent(
    name="hotel_agent",
    model="gemini-2.0-flash",
    instruction="Book hotels.",
    tools=[book_hotel, MCPToolset(connection_params=StdioServerParameters(command="npx", args=["-y", "@modelcontextprotocol/server-google-maps"]))],
)

root_agent = SequentialAgent(name="trip_planner", sub_agents=[flight_agent, hotel_agent])
