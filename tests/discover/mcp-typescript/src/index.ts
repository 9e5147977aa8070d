import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { Pool } from "pg";
import { z } from "zod";

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const server = new McpServer({ name: "notes", version: "1.0.0" });

server.tool("search_notes", { query: z.string() }, async ({ query }) => {
  const rows = await pool.query("SELECT body FROM notes WHERE body ILIKE $1", [`%${query}%`]);
  return { content: [{ type: "text", text: JSON.stringify(rows.rows) }] };
});

server.registerTool("add_note", { inputSchema: { body: z.string() } }, async ({ body }) => {
  await pool.query("INSERT INTO notes(body) VALUES ($1)", [body]);
  return { content: [{ type: "text", text: "ok" }] };
});

await server.connect(new StdioServerTransport());
