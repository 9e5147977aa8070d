"""A retrieval agent and a writer, coordinated by a LangGraph state graph."""
from typing import Annotated, TypedDict

from langchain_chroma import Chroma
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langgraph.checkpoint.memory import MemorySaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.prebuilt import ToolNode, create_react_agent

llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)
vectorstore = Chroma(collection_name="docs", embedding_function=OpenAIEmbeddings())


@tool
def search_docs(query: str) -> str:
    """Search the internal documentation."""
    docs = vectorstore.similarity_search(query, k=4)
    return "\n\n".join(d.page_content for d in docs)


@tool
def web_search(query: str) -> str:
    """Search the web."""
    return "results"


researcher = create_react_agent(llm, tools=[search_docs, web_search], name="researcher")
writer = create_react_agent(llm, tools=[], name="writer")


class State(TypedDict):
    messages: Annotated[list, add_messages]


workflow = StateGraph(State)
workflow.add_node("researcher", researcher)
workflow.add_node("writer", writer)
workflow.add_node("tools", ToolNode([search_docs]))
workflow.add_edge(START, "researcher")
workflow.add_edge("researcher", "writer")
workflow.add_edge("writer", END)
graph = workflow.compile(checkpointer=MemorySaver(), interrupt_before=["writer"])
