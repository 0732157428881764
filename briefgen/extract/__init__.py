"""A source's text -> facts with quotes and spans: figures, people, events, topics.

``run.extract_article`` is pure; ``run.run_extract`` reads registered sources and writes facts/extracted/.
"""
