from fastapi import FastAPI

app = FastAPI()


@app.post("/ask")
async def ask(q: str):
    return {"answer": q}
