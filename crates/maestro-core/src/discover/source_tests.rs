//! Tests of `source` (module `tests`, kept out of the file it tests).

use super::*;

#[test]
fn python_imports_bind_names() {
    let f = SourceFile::parse(
        "import crewai\nimport numpy as np\nfrom crewai import (Agent,\n  Task as T)\nfrom . import local\n",
        Lang::Python,
    );
    assert_eq!(f.bindings["crewai"].module, "crewai");
    assert_eq!(f.bindings["np"].module, "numpy");
    assert_eq!(f.bindings["T"].name.as_deref(), Some("Task"));
    assert_eq!(f.bindings["Agent"].module, "crewai");
    assert!(!f.bindings.contains_key("local"));
    assert_eq!(f.resolve("crewai.Agent").unwrap().1, vec!["Agent"]);
    assert_eq!(f.resolve("T").unwrap().1, vec!["Task"]);
}

#[test]
fn script_imports_and_require() {
    let f = SourceFile::parse(
        "import OpenAI from 'openai';\nimport { tool as t, generateText } from \"ai\";\nimport * as mcp from '@modelcontextprotocol/sdk/server/mcp.js'\nconst { Pinecone } = require('@pinecone-database/pinecone');\n",
        Lang::Script,
    );
    assert_eq!(f.bindings["OpenAI"].module, "openai");
    assert_eq!(f.bindings["t"].name.as_deref(), Some("tool"));
    assert_eq!(f.bindings["generateText"].module, "ai");
    assert_eq!(f.bindings["mcp"].name, None);
    assert_eq!(f.bindings["Pinecone"].module, "@pinecone-database/pinecone");
}

#[test]
fn calls_know_their_variable_key_and_arguments() {
    let f = SourceFile::parse(
        "researcher = Agent(\n  role='Senior Researcher',\n  tools=[search, calc],\n  llm=llm,\n)\nconst tools = { weather: tool({ description: 'w' }) }\n",
        Lang::Python,
    );
    let agent = f.calls.iter().find(|c| c.path == "Agent").unwrap();
    assert_eq!(agent.variable.as_deref(), Some("researcher"));
    assert_eq!(agent.kw_strings["role"], "Senior Researcher");
    assert_eq!(agent.kw_idents["tools"], vec!["search", "calc"]);
    assert_eq!(agent.line, 1);
    let tool = f.calls.iter().find(|c| c.path == "tool").unwrap();
    assert_eq!(tool.key.as_deref(), Some("weather"));
}

#[test]
fn decorators_and_definitions() {
    let f = SourceFile::parse(
        "@mcp.tool()\nasync def search(q: str):\n    return store.query(q)\n\nclass Lookup(BaseTool):\n    name = 'x'\n",
        Lang::Python,
    );
    let d = &f.decorated[0];
    assert_eq!(
        (d.decorator.as_str(), d.target.as_str(), d.line),
        ("mcp.tool", "search", 2)
    );
    let body: Vec<&str> = f
        .idents
        .iter()
        .filter(|(_, i)| *i > d.span.0 && *i < d.span.1)
        .map(|(n, _)| n.as_str())
        .collect();
    assert!(body.contains(&"store.query"), "{body:?}");
    assert!(!body.contains(&"BaseTool"), "{body:?}");
    let class = f.definitions.iter().find(|d| d.is_class).unwrap();
    assert_eq!(class.bases, vec!["BaseTool"]);
}
