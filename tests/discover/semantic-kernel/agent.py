"""Modelled on the Semantic Kernel getting-started agent samples."""
import asyncio
from typing import Annotated

from semantic_kernel.agents import ChatCompletionAgent, AgentGroupChat
from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion
from semantic_kernel.functions import kernel_function


class MenuPlugin:
    @kernel_function(description="Provides a list of specials from the menu.")
    def get_specials(self) -> Annotated[str, "Returns the specials from the menu."]:
        return "Clam Chowder"

    @kernel_function(description="Provides the price of the requested menu item.")
    def get_item_price(self, menu_item: str) -> str:
        return "$9.99"


host = ChatCompletionAgent(
    service=AzureChatCompletion(),
    name="Host",
    instructions="Answer questions about the menu.",
    plugins=[MenuPlugin()],
)

reviewer = ChatCompletionAgent(
    service=AzureChatCompletion(),
    name="Reviewer",
    instructions="Review the answer.",
)

chat = AgentGroupChat(agents=[host, reviewer])
