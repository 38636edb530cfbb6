"""The benchmark (bench/run): serving the site with its production setup beside
Datasette on the same data, and measuring both in the same run."""
