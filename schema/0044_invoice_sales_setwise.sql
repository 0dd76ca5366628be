-- 0044_invoice_sales_setwise: invoice_sales (0023) adds each line's allowances and charges
-- set-wise, instead of calling invoice_line_net(l.id) once per line. Under the row policies
-- (0033) every call planned and ran its own query on invoice_line, whose policy probes the
-- whole invoice table: the FEC of a year (fec_sales) grew with the square of its lines and,
-- on a test database of 2,500 lines, once hit the invoice program's 60 s statement timeout
-- (503). The same figures: the line's net plus the sum of its charges minus its allowances.

CREATE OR REPLACE VIEW invoice_sales WITH (security_invoker = true) AS
    SELECT l.invoice_id, l.kind, sum(l.net_cents + coalesce(a.amount, 0))::bigint AS net_cents
    FROM invoice_line l
    LEFT JOIN (SELECT x.line_id, sum(CASE WHEN x.charge THEN x.amount_cents ELSE -x.amount_cents END) AS amount
               FROM invoice_line_allowance_charge x GROUP BY x.line_id) a ON a.line_id = l.id
    GROUP BY l.invoice_id, l.kind
    UNION ALL
    SELECT a.invoice_id, CASE WHEN a.charge THEN 'charge' ELSE 'allowance' END,
           sum(CASE WHEN a.charge THEN a.amount_cents ELSE -a.amount_cents END)::bigint
    FROM invoice_allowance_charge a GROUP BY a.invoice_id, a.charge;
