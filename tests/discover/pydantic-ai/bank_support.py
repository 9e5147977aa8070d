"""Modelled on the Pydantic AI bank support example."""
from dataclasses import dataclass

import asyncpg
from pydantic import BaseModel
from pydantic_ai import Agent, RunContext


@dataclass
class SupportDependencies:
    customer_id: int
    db: asyncpg.Connection


class SupportOutput(BaseModel):
    support_advice: str
    block_card: bool
    risk: int


support_agent = Agent(
    'openai:gpt-4o',
    deps_type=SupportDependencies,
    output_type=SupportOutput,
    system_prompt='You are a support agent in our bank.',
)


@support_agent.tool
async def customer_balance(ctx: RunContext[SupportDependencies], include_pending: bool) -> float:
    """Returns the customer's current account balance."""
    return await ctx.deps.db.fetchval('SELECT balance FROM accounts WHERE id = $1', ctx.deps.customer_id)


@support_agent.tool_plain
def block_card(card_id: str) -> str:
    """Blocks a card."""
    return "blocked"


async def main():
    conn = await asyncpg.connect("postgresql://bank:bank@db/bank")
    deps = SupportDependencies(customer_id=123, db=conn)
    result = await support_agent.run('I just lost my card!', deps=deps)
