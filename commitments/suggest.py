"""Clause -> candidate commitments with scores and stages. (The engine lands with issue 4.)"""


def suggest_for_statement(statement):
    """Mark the statement's commitment-bearing clauses and propose mentions for them."""
    return []
