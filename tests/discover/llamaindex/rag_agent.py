"""Modelled on the LlamaIndex agent + RAG starter."""
import qdrant_client
from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
from llama_index.core.agent.workflow import FunctionAgent
from llama_index.core.tools import FunctionTool, QueryEngineTool
from llama_index.llms.anthropic import Anthropic
from llama_index.vector_stores.qdrant import QdrantVectorStore

client = qdrant_client.QdrantClient(host="localhost", port=6333)
vector_store = QdrantVectorStore(client=client, collection_name="papers")
storage_context = StorageContext.from_defaults(vector_store=vector_store)
documents = SimpleDirectoryReader("data").load_data()
index = VectorStoreIndex.from_documents(documents, storage_context=storage_context)

llm = Anthropic(model="claude-3-5-sonnet-latest")


def multiply(a: float, b: float) -> float:
    """Multiply two numbers."""
    return a * b


papers_tool = QueryEngineTool.from_defaults(
    index.as_query_engine(llm=llm),
    name="papers",
    description="Answers questions about the research papers.",
)

agent = FunctionAgent(
    name="research_assistant",
    tools=[FunctionTool.from_defaults(fn=multiply), papers_tool],
    llm=llm,
    system_prompt="You help with research questions.",
)
