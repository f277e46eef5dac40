"""Every write to the strategy chain, one module per part; each checks permission first and
records an audit event."""
