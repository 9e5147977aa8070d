import asyncio

from autogen_agentchat.agents import AssistantAgent, UserProxyAgent
from autogen_agentchat.conditions import TextMentionTermination
from autogen_agentchat.teams import RoundRobinGroupChat
from autogen_ext.models.openai import OpenAIChatCompletionClient


async def get_weather(city: str) -> str:
    """Get the weather for a city."""
    return f"The weather in {city} is 73 degrees and sunny."


model_client = OpenAIChatCompletionClient(model="gpt-4o")

planner = AssistantAgent(
    "planner",
    model_client=model_client,
    tools=[get_weather],
    system_message="You plan trips.",
)
critic = AssistantAgent("critic", model_client=model_client, system_message="Review the plan.")
user_proxy = UserProxyAgent("user_proxy")

team = RoundRobinGroupChat([planner, critic, user_proxy], termination_condition=TextMentionTermination("APPROVE"), max_turns=12)


async def main() -> None:
    await team.run(task="Plan a 3 day trip to Nepal.")

asyncio.run(main())
