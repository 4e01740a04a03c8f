"""Hidden tests, task prompting: the chat sent to the model and the SQL read from its reply."""

from lab53_text_to_sql import SYSTEM_PROMPT, USER_PROMPT, build_messages, extract_sql
from llmlab_grading import points


@points(7, "build_messages must return [system, user]: SYSTEM_PROMPT with the dialect's display name "
        "(SQLite, PostgreSQL; unknown names as given) and USER_PROMPT with the schema and the stripped question.",
        task="prompting", timeout=30)
def test_build_messages():
    messages = build_messages("  How many rows?\n", "CREATE TABLE t (x INTEGER);", "postgresql")
    assert [m.role for m in messages] == ["system", "user"]
    assert messages[0].content == SYSTEM_PROMPT.format(dialect="PostgreSQL")
    assert messages[1].content == USER_PROMPT.format(schema="CREATE TABLE t (x INTEGER);",
                                                     question="How many rows?")
    assert build_messages("q", "s", "sqlite")[0].content == SYSTEM_PROMPT.format(dialect="SQLite")
    assert build_messages("q", "s", "duckdb")[0].content == SYSTEM_PROMPT.format(dialect="duckdb")


@points(8, "extract_sql must prefer the first ```sql block, then any fenced block, then the text from the "
        "first SELECT or WITH <name> AS (; strip whitespace and trailing semicolons; ValueError when there is no SQL.",
        task="prompting", timeout=30)
def test_extract_sql():
    assert extract_sql("Sure:\n```sql\nSELECT 1;\n```\nand ```sql\nSELECT 2\n```") == "SELECT 1"
    assert extract_sql("```SQL\nselect a\nfrom t ;;\n```") == "select a\nfrom t"
    assert extract_sql("```\nWITH x AS (SELECT 1) SELECT * FROM x\n```") == "WITH x AS (SELECT 1) SELECT * FROM x"
    assert extract_sql("```python\nprint(1)\n```") == "print(1)"
    assert extract_sql("The answer is select count(*) from orders;  ") == "select count(*) from orders"
    assert extract_sql("Selection: WITH a AS (SELECT 2) SELECT * FROM a") == "WITH a AS (SELECT 2) SELECT * FROM a"
    assert extract_sql("Joined with orders: with recursive r AS (select 1) select * from r") == \
        "with recursive r AS (select 1) select * from r"
    for bad in ("I don't know.", "I cannot help with that.", "```sql\n ; \n```"):
        try:
            extract_sql(bad)
        except ValueError:
            continue
        raise AssertionError(f"extract_sql({bad!r}) should raise ValueError")
