"""Classification of posts: data sets, metrics and backends. Imports no Django."""
