"""A host agent that calls remote A2A agents (modelled on the A2A samples)."""
import httpx
from a2a.client import A2ACardResolver, A2AClient
from langchain_google_genai import ChatGoogleGenerativeAI
from langgraph.prebuilt import create_react_agent

REMOTE_AGENT = "http://localhost:10001/.well-known/agent.json"

model = ChatGoogleGenerativeAI(model="gemini-2.0-flash")


async def send(message: str):
    async with httpx.AsyncClient() as http:
        resolver = A2ACardResolver(httpx_client=http, base_url="http://localhost:10001")
        card = await resolver.get_agent_card()
        client = A2AClient(httpx_client=http, agent_card=card)
        return await client.send_message(message)


host_agent = create_react_agent(model, tools=[send], name="host_agent")
