-- A SIRET or an RNA number names one organisation among the live ones
-- (neither rejected nor deregistered, the two states nothing leaves): a
-- second registration of the same body is refused and pointed at the first.
CREATE UNIQUE INDEX organizations_live_siret ON organizations (siret)
    WHERE siret IS NOT NULL AND state NOT IN ('rejected', 'deregistered');
CREATE UNIQUE INDEX organizations_live_rna ON organizations (rna)
    WHERE rna IS NOT NULL AND state NOT IN ('rejected', 'deregistered');
