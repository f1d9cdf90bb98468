"""Article integrity: for every sentence, how likely it is that it does not belong.

Each signal family is a module that compares a sentence with the rest of its own
article (``sourcing``, ``drift``, ``style``, ``contradiction``, ``discourse``); ``model``
combines them with shipped logistic weights into a suspicion with reasons; ``stage``
fills ``doc.integrity``.
"""
