from agents import Agent, Runner, WebSearchTool, function_tool, input_guardrail
from agents.mcp import MCPServerStdio
import redis

cache = redis.Redis.from_url("redis://localhost:6379/0")


@function_tool
def lookup_order(order_id: str) -> str:
    """Look an order up."""
    return cache.get(order_id) or "unknown"


@input_guardrail
async def no_homework(ctx, agent, input):
    return None


billing_agent = Agent(
    name="Billing agent",
    instructions="You answer billing questions.",
    tools=[lookup_order],
    model="gpt-4.1",
)

research_agent = Agent(
    name="Research agent",
    instructions="You search the web.",
    tools=[WebSearchTool()],
)

triage_agent = Agent(
    name="Triage agent",
    instructions="Route the question to the right agent.",
    handoffs=[billing_agent, research_agent],
    input_guardrails=[no_homework],
)


async def main():
    async with MCPServerStdio(name="Filesystem server", params={"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "./docs"]}) as fs:
        agent = Agent(name="Docs agent", instructions="Use the files.", mcp_servers=[fs])
        await Runner.run(triage_agent, "Why was I charged twice?", max_turns=8)
