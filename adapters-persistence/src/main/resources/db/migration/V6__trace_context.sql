-- The W3C trace context of the request that started a turn (a JSON object of header name to value), so
-- the turn continues that trace on whichever node runs it. NULL: the request carried none.
ALTER TABLE turns ADD COLUMN trace_context text;
