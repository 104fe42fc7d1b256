-- Amur Explorer schema: one definition for the bundled database (built from
-- db/*.csv) and for the user's workspace (which holds imported rows in the
-- same tables). Column order here is the column order of the CSV files.
--
-- Conventions
--   * every fact row carries its provenance: doc_id (a file name in
--     shared/seeds for curated rows), quote (a verbatim substring of that
--     document), original_source (whom the document cites, if anyone);
--     imported rows carry import_id, source_file and source_row instead:
--     their doc_id stays NULL (an import is not the document), and a
--     document an imported row names is kept as claimed_doc, the row's
--     claim, shown as such and never taken for the document's own figure.
--   * dates are ISO 8601 text at their real precision ('2022', '2022-11',
--     '2022-11-25'); *_precision says which (year|quarter|month|day).
--     Periods that span months use an ISO interval ('2023-01/2023-09').
--   * inferred is NULL when the document states the value outright, else a
--     short note saying what was inferred and from what.
--   * units are spelled out in words ('hundred million USD', 'Mt/yr').

CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,          -- file name, e.g. 003_5cf011a87278cc00.txt
    title TEXT NOT NULL,
    publisher TEXT,
    author TEXT,
    published TEXT,                   -- ISO date at its precision
    published_precision TEXT,
    url TEXT,
    doi TEXT,
    description TEXT,
    inferred TEXT
);

CREATE TABLE IF NOT EXISTS places (
    place_id TEXT PRIMARY KEY,        -- slug, e.g. heihe
    name_en TEXT NOT NULL,
    name_ru TEXT,
    name_zh TEXT,
    kind TEXT,                        -- city|port|border_crossing|province|krai|oblast|autonomous_oblast|federal_district|region|country|sea|river
    country TEXT,                     -- CN|RU|...
    parent_id TEXT,                   -- enclosing place (province of a city)
    lat REAL,
    lon REAL,
    coord_source TEXT,                -- citation for coordinates (external to the documents)
    doc_id TEXT,                      -- first document naming the place
    quote TEXT,
    import_id INTEGER, source_file TEXT, source_row INTEGER, claimed_doc TEXT
);

CREATE TABLE IF NOT EXISTS trade_figures (
    figure_id TEXT PRIMARY KEY,
    topic TEXT NOT NULL,              -- trade|investment|logistics|economy|business
    measure TEXT NOT NULL,            -- value|growth|share|target|count|throughput
    reporter TEXT,                    -- place_id or free text of who/what is measured
    partner TEXT,                     -- place_id of the counterpart, if any
    flow TEXT,                        -- total|export|import|turnover|n/a
    commodity TEXT,
    period TEXT,                      -- '2023', '2023-03', '2023-01/2023-09'
    period_precision TEXT,
    value REAL,
    value_text TEXT,                  -- the figure as written ('$7.5 billion')
    unit TEXT,                        -- 'hundred million USD', 'billion USD', '%', 'count'
    approx TEXT,                      -- over|nearly|about|more than|exceeded, as the document hedges
    status TEXT NOT NULL,             -- actual|target|forecast|estimate
    description TEXT,                 -- one line an analyst can read
    inferred TEXT,
    doc_id TEXT, quote TEXT, original_source TEXT,
    import_id INTEGER, source_file TEXT, source_row INTEGER, claimed_doc TEXT
);

CREATE TABLE IF NOT EXISTS corridors (
    corridor_id TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_ru TEXT,
    name_zh TEXT,
    kind TEXT NOT NULL,               -- corridor|rail|road|bridge|ropeway|port|sea_route|hub|passage
    status TEXT,                      -- proposed|planned|construction|operating|completed
    provinces TEXT,                   -- place_ids joined by ';'
    description TEXT,
    doc_id TEXT, quote TEXT, original_source TEXT,
    import_id INTEGER, source_file TEXT, source_row INTEGER, claimed_doc TEXT
);

CREATE TABLE IF NOT EXISTS corridor_places (
    corridor_id TEXT NOT NULL,
    seq INTEGER NOT NULL,             -- 1-based order along the route
    place_id TEXT NOT NULL,
    doc_id TEXT, quote TEXT,
    import_id INTEGER, source_file TEXT, source_row INTEGER, claimed_doc TEXT,
    PRIMARY KEY (corridor_id, seq)
);

CREATE TABLE IF NOT EXISTS energy_assets (
    asset_id TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_ru TEXT,
    name_zh TEXT,
    kind TEXT NOT NULL,               -- pipeline|segment|project|cluster
    commodity TEXT,                   -- oil|gas|petrochemicals
    parent_id TEXT,                   -- asset this segment belongs to
    from_place TEXT,
    to_place TEXT,
    status TEXT,                      -- proposed|planned|construction|operating|completed
    description TEXT,
    doc_id TEXT, quote TEXT, original_source TEXT,
    import_id INTEGER, source_file TEXT, source_row INTEGER, claimed_doc TEXT
);

CREATE TABLE IF NOT EXISTS energy_figures (
    figure_id TEXT PRIMARY KEY,
    asset_id TEXT NOT NULL,
    measure TEXT NOT NULL,            -- design_capacity|expanded_capacity|planned_capacity|achieved_max_capacity|cumulative_volume|emissions_avoided|reserves
    value REAL,
    value_text TEXT,
    unit TEXT,                        -- 'Mt/yr', 'bcm/yr', 'bcm', 'Mt CO2/yr'
    approx TEXT,
    date TEXT,
    date_precision TEXT,
    status TEXT,                      -- actual|planned|target|design
    description TEXT,
    inferred TEXT,
    doc_id TEXT, quote TEXT, original_source TEXT,
    import_id INTEGER, source_file TEXT, source_row INTEGER, claimed_doc TEXT
);

CREATE TABLE IF NOT EXISTS institutions (
    inst_id TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_ru TEXT,
    name_zh TEXT,
    kind TEXT NOT NULL,               -- committee|sub_committee|council|ministry|bank|forum|expo|event_series|fund|research_centre|customs|agency|company|plan|policy|memorandum|agreement|joint_statement|programme|meeting_mechanism|media|university
    side TEXT NOT NULL,               -- China|Russia|bilateral|other
    established TEXT,                 -- established / signed / approved / launched
    established_precision TEXT,
    valid_from TEXT,
    valid_to TEXT,
    description TEXT,
    inferred TEXT,
    doc_id TEXT, quote TEXT, original_source TEXT,
    import_id INTEGER, source_file TEXT, source_row INTEGER, claimed_doc TEXT
);

CREATE TABLE IF NOT EXISTS institution_relations (
    relation_id TEXT PRIMARY KEY,
    from_id TEXT NOT NULL,
    relation TEXT NOT NULL,           -- established_within|signed_by|platform_of|implements|succeeds|participated_in|part_of|signed_with|approved_by|subordinate_to
    to_id TEXT NOT NULL,
    doc_id TEXT, quote TEXT,
    import_id INTEGER, source_file TEXT, source_row INTEGER, claimed_doc TEXT
);

-- Dated happenings of any subject: corridor milestones, pipeline completions,
-- institution meetings and signings.
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    subject_type TEXT NOT NULL,       -- corridor|energy|institution|trade
    subject_id TEXT NOT NULL,         -- corridor_id|asset_id|inst_id
    event TEXT NOT NULL,              -- agreed|approved|signed|established|construction|completed|opened|operating|planned|target|meeting|expired|announced|effective
    date TEXT,
    date_precision TEXT,
    date_end TEXT,                    -- for spans
    date_end_precision TEXT,
    status TEXT NOT NULL,             -- actual|planned|target|forecast
    value REAL,                       -- a figure attached to the milestone (45 Mt by 2030)
    unit TEXT,
    description TEXT,
    inferred TEXT,
    doc_id TEXT, quote TEXT, original_source TEXT,
    import_id INTEGER, source_file TEXT, source_row INTEGER, claimed_doc TEXT
);

-- Places where the documents disagree with themselves or with each other.
CREATE TABLE IF NOT EXISTS conflicts (
    conflict_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,               -- growth_mismatch|date_conflict|name_conflict|value_conflict|garbled_text
    severity TEXT NOT NULL,           -- info|warning|error
    description TEXT NOT NULL,
    row_refs TEXT NOT NULL,           -- 'table:id;table:id'
    doc_id TEXT, quote TEXT
);

-- Series by country or region that are neither a bilateral trade flow nor an
-- energy asset: GDP, trade as a share of GDP, CO2, production, population.
-- Filled by imports (Our World in Data, World Bank WDI, ...); the bundled
-- database has the table but no rows.
CREATE TABLE IF NOT EXISTS indicators (
    figure_id TEXT PRIMARY KEY,
    place TEXT,                       -- place_id when known, else the country or region as written
    place_code TEXT,                  -- the publisher's code for it ('CHN', 'OWID_WRL'), if given
    indicator TEXT NOT NULL,          -- 'GDP', 'Trade', 'Annual CO2 emissions'
    indicator_code TEXT,              -- the publisher's code ('NY.GDP.MKTP.CD'), if given
    period TEXT NOT NULL,             -- ISO at its precision ('2022', '2022-03')
    period_precision TEXT,
    value REAL NOT NULL,
    unit TEXT,                        -- 'USD', '% of GDP', 'terawatt-hours', as known or as written
    price_basis TEXT,                 -- 'current', 'constant 2015', NULL when not a money amount
    publisher TEXT,                   -- 'Our World in Data', 'World Bank, World Development Indicators'
    flag TEXT,                        -- the publisher's flag on the value ('e', 'p'), as written
    description TEXT,
    inferred TEXT,                    -- what the import inferred rather than read (as in every figure table)
    doc_id TEXT, quote TEXT,
    import_id INTEGER, source_file TEXT, source_row INTEGER, claimed_doc TEXT
);

-- Annual average exchange rates used to normalise currencies (editable).
CREATE TABLE IF NOT EXISTS exchange_rates (
    year INTEGER NOT NULL,
    currency TEXT NOT NULL,           -- CNY|RUB
    per_usd REAL NOT NULL,            -- units of currency per 1 USD
    source TEXT NOT NULL,             -- citation, external to the documents
    import_id INTEGER, source_file TEXT, source_row INTEGER,
    PRIMARY KEY (year, currency)
);

-- Curated ids a release renamed (old -> new), from db/id_aliases.csv: applied
-- to the workspace's references when it is opened (explorer.data.aliases).
CREATE TABLE IF NOT EXISTS id_aliases (
    kind TEXT NOT NULL,               -- place|asset|corridor|institution|document
    old_id TEXT NOT NULL,
    new_id TEXT NOT NULL,
    release TEXT,                     -- the app version that renamed it
    PRIMARY KEY (kind, old_id)
);

CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
