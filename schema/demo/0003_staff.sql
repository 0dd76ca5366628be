-- Demo accounts for the staff back office: DEMO ONLY, never load this file in production
-- (it is applied with --demo, like every file of schema/demo/).
--
-- Both accounts use the documented demo password "fontaine-demo-2026". The hashes are
-- Argon2id strings made with libsodium's crypto_pwhash_str (OPSLIMIT/MEMLIMIT_INTERACTIVE,
-- as cgi/lib/session.c makes them), by a throwaway C program:
--     crypto_pwhash_str(out, "fontaine-demo-2026", 18, crypto_pwhash_OPSLIMIT_INTERACTIVE,
--                       crypto_pwhash_MEMLIMIT_INTERACTIVE)
--   equipe@lafontaine-agen.example  role admin   (the development manager: back office)
--   membre@lafontaine-agen.example  role member  (a coworker: no back office, 403 there)

INSERT INTO person (email, first_name, last_name, profile, activity, role, status,
                    password_hash, email_verified_at)
VALUES
    ('equipe@lafontaine-agen.example', 'Équipe', 'La Fontaine', 'autre',
     'Chargée de développement (compte de démonstration)', 'admin', 'active',
     '$argon2id$v=19$m=65536,t=2,p=1$ANtAjqmggpiUPYZYUdSPqQ$TEwY5qCSKHUsdhx5cfEodRKI9CqKR6bv3iYPPuRJjKU',
     now()),
    ('membre@lafontaine-agen.example', 'Camille', 'Démo', 'independant',
     'Graphiste (compte de démonstration)', 'member', 'active',
     '$argon2id$v=19$m=65536,t=2,p=1$Yl1xehE150r9/bsTDdtCxQ$SeUvrX+WEszhlL9rim3lfU0RPkZTQ6bgAuebB0rigmA',
     now())
ON CONFLICT DO NOTHING;
