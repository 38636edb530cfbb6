def test_seed_statement_is_public(db, client):
    from statements.sample_data import load_sample_data

    load_sample_data()
    response = client.get("/")
    assert "IACP calls for" in response.content.decode()
