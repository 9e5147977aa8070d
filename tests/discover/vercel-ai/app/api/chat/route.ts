import { anthropic } from '@ai-sdk/anthropic';
import { streamText, tool } from 'ai';
import { Pinecone } from '@pinecone-database/pinecone';
import { z } from 'zod';

const pc = new Pinecone({ apiKey: process.env.PINECONE_API_KEY! });

export async function POST(req: Request) {
  const { messages } = await req.json();
  const result = streamText({
    model: anthropic('claude-3-5-sonnet-latest'),
    system: 'You are a helpful assistant.',
    messages,
    maxSteps: 5,
    tools: {
      getWeather: tool({
        description: 'Get the weather in a location',
        parameters: z.object({ location: z.string() }),
        execute: async ({ location }) => ({ location, temperature: 72 }),
      }),
      searchKnowledge: tool({
        description: 'Search the knowledge base',
        parameters: z.object({ query: z.string() }),
        execute: async ({ query }) => pc.index('kb').query({ topK: 3, vector: [] }),
      }),
    },
  });
  return result.toDataStreamResponse();
}
