// Generated from openapi/openapi.json by `npm run generate`; do not edit.
// `npm test` fails when this file and the document disagree.
export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process answers. Touches nothing else: a slow database must not get
         *     healthy processes killed.
         */
        get: operations["live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Ready to take traffic: really queries the database and, when
         *     configured, pings Redis, and names the state of each.
         * @description A database outage does not take the process out of service (200,
         *     `degraded`): public reads are still answered from the cache, and
         *     writes get a quick 503 problem with `Retry-After`. Failing readiness
         *     then would take every replica out of the load balancer at once, and
         *     the crowd would get the balancer's bare error page instead.
         */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find an account by email. */
        get: operations["find_account"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One account. */
        get: operations["get_account"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/accounts/{id}/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grant and revoke the referent role, per department. The account's live
         *     access tokens are voided; its next refresh carries the new roles.
         */
        post: operations["change_roles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/accounts/{id}/suspension": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suspend an account: it cannot sign in, and its live tokens stop working
         *     within seconds.
         */
        post: operations["suspend"];
        /** Reinstate a suspended account. */
        delete: operations["reinstate"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The platform-wide keys (admins). */
        get: operations["list_platform_api_keys"];
        put?: never;
        /**
         * Create a platform-wide key (admins): `missions:read` on every public
         *     mission, for hubs and aggregators.
         */
        post: operations["create_platform_api_key"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a platform-wide key (admins). */
        delete: operations["revoke_platform_api_key"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What was done on the platform beside state changes: suspensions,
         *     referent roles, service-mode overrides, memberships, erasures, keys,
         *     webhook endpoints and exports; newest first, filtered and paged.
         */
        get: operations["admin_audit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Email jobs, newest first, by state and template. */
        get: operations["list_emails"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/emails/{id}/requeue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put one dead email back in the queue, with fresh attempts. */
        post: operations["requeue_one"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/emails/requeue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put every dead email of a template back in the queue. */
        post: operations["requeue_template"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/service-mode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The service mode, who decides it, and its history. */
        get: operations["get_service_mode"];
        /**
         * Pin the service mode of every replica (within a second), or hand it
         *     back to the automatic controllers with `auto`.
         */
        put: operations["set_service_mode"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every figure, for administrators: the platform's and each
         *     department's, with moderation. `?format=csv` gives one row per
         *     department.
         */
        get: operations["admin_statistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/widgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The platform's widgets (admins). */
        get: operations["platform_widgets"];
        put?: never;
        /**
         * Define a platform widget (admins): every organisation's missions, as
         *     the filters narrow them.
         */
        post: operations["create_platform_widget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/attestations/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check an attestation's code: what it certifies, or 404. No sign-in. */
        get: operations["verify_attestation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate the account with its first password, and sign in. */
        post: operations["activate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/activation/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send the activation link again. Always 202. */
        post: operations["resend_activation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/email/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a new email address with the link sent to it. */
        post: operations["confirm_email"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in. Unknown addresses and wrong passwords get the same answer in
         *     the same time.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session of the presented refresh token. */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a password-reset link. Always 202. */
        post: operations["forgot_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Choose a new password with a reset link; every session of the account
         *     ends.
         */
        post: operations["reset_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange the refresh token (cookie, or body for non-browser clients)
         *     for a new access token and a new refresh token. Replaying a refresh
         *     token that was already exchanged ends the whole session.
         */
        post: operations["refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign up as a volunteer. Answers 202 at once, identically whether the
         *     address is new or known: a new address receives an activation link, a
         *     pending one receives it again, an active one is told that someone tried
         *     to sign up with it. No password yet: it is chosen at activation.
         *     Supports `Idempotency-Key`.
         */
        post: operations["signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calendar-feeds/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A personal calendar feed: the volunteer's accepted participations not
         *     yet over. No sign-in: the secret in the URL is the key; 404 once
         *     revoked or replaced.
         */
        get: operations["calendar_feed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A proof-of-work challenge for signup, when that is the configured
         *     human check: find a nonce such that SHA-256(`challenge` + ":" + nonce)
         *     starts with `difficulty` zero bits, and send `challenge:nonce` in the
         *     `Renfort-Challenge` header before `expires_at`, from the same address
         *     (a challenge is bound to the address that asked for it). Each is good
         *     once; challenges are handed out at a limited rate per address.
         */
        get: operations["challenge"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The 101 French departments, Corsica (2A, 2B) and overseas (971–976) included. */
        get: operations["departments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dev/mailbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Development only: the last 20 emails to an address, newest first. */
        get: operations["mailbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/domains": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The mission domains: stable slug and French label. */
        get: operations["domains"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a large export with its emailed link's token, for 24 hours.
         *     404 for a wrong token or an expired link; 202 while it is produced.
         */
        get: operations["download_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/feeds/api-engagement.xml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The missions open to applications (published, of an approved
         *     organisation, registration open, places left), in API Engagement's
         *     `MissionXML`: what the hub spreads to the SNU's, towns' and companies'
         *     sites. Public and cacheable (`ETag`, revalidated with 304); a hub may
         *     present a platform key (`X-Api-Key`, or as the password of Basic
         *     authentication), which must then be valid.
         */
        get: operations["api_engagement_feed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation, signed in with the invited address. */
        post: operations["accept_invitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in account, its roles and profile. */
        get: operations["get_me"];
        put?: never;
        post?: never;
        /**
         * Erase the account: the identity is replaced by a tombstone, every
         *     session ends, open applications are cancelled and the texts of all are
         *     removed, memberships end, emails and stored responses are forgotten.
         *     Refused (409 `last_owner`) while the person is the last owner of an
         *     organisation. The address may sign up again as a new person.
         */
        delete: operations["erase"];
        options?: never;
        head?: never;
        /**
         * Edit the profile, validated like signup. Once the person has applied
         *     anywhere, the birth date changes only through
         *     `POST /v1/me/birth-date-correction`.
         */
        patch: operations["patch_me"];
        trace?: never;
    };
    "/v1/me/birth-date-correction": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Correct a birth date that already judged an application (`PATCH /v1/me`
         *     answers 409 `birth_date_locked` then). The change is recorded with its
         *     reason, and past applications keep the age band they were judged on.
         */
        post: operations["correct_birth_date"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/calendar-feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create the personal calendar feed, or replace its secret (the previous
         *     URL stops working at once).
         */
        post: operations["create_calendar_feed"];
        /** Revoke the personal calendar feed. */
        delete: operations["revoke_calendar_feed"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask to change the email address: a confirmation link goes to the new
         *     address; the change takes effect when it is followed.
         */
        post: operations["change_email"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export everything held about the signed-in person, as JSON. */
        get: operations["export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/favourites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The missions bookmarked, newest first, with where each stands. */
        get: operations["list_favourites"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/favourites/{mission_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Bookmark a mission the public can see (404 otherwise). Idempotent. */
        put: operations["add_favourite"];
        post?: never;
        /** Remove a bookmark. Idempotent. */
        delete: operations["remove_favourite"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The volunteer's hours, with each attended participation. */
        get: operations["my_hours"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/messages/unread": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Unread messages: in the caller's own participations and in those of
         *     their organisations' missions.
         */
        get: operations["unread_messages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the signed-in person chose to be told by email. Security and
         *     account emails (activation, password, email change, decisions on one's
         *     own applications) are always sent and are not listed.
         */
        get: operations["my_notifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change what one is told: `applications` and `messages` are
         *     `immediate` (new applications at most once an hour per organisation),
         *     `daily` or `off`; the digests and reminders are on or off. Absent
         *     fields keep their value.
         */
        patch: operations["change_my_notifications"];
        trace?: never;
    };
    "/v1/me/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisations the caller belongs to. */
        get: operations["my_organizations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/participations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's participations, newest first. */
        get: operations["my_participations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the password; the account's other sessions end. */
        post: operations["change_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/saved-searches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in person's saved searches, oldest first. */
        get: operations["list_saved_searches"];
        put?: never;
        /**
         * Save a search: words, domains, a place and radius, accessibility flags
         *     (at least one). Once a day at most, an email lists the missions
         *     published since that match any of one's searches; it honours the
         *     `saved_searches` notification preference and carries one-click
         *     unsubscribe. At most ten searches (409 `conflict` beyond).
         */
        post: operations["save_search"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/saved-searches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete one of one's saved searches; another person's is not found. */
        delete: operations["delete_saved_search"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/waiting-lists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's places on waiting lists. */
        get: operations["my_waiting_lists"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages/{id}/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a message of a thread one takes part in: the department's
         *     referents are told and may read the thread, which is kept as evidence.
         *     Reporting twice changes nothing.
         */
        post: operations["report_message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Published missions of approved organisations, newest first, with
         *     filters. The same for everyone, so cached briefly here and by the CDN.
         */
        get: operations["list_public"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A published mission of an approved organisation, with its places left.
         *     The same for everyone, so cached here and by the CDN (`Cache-Control`,
         *     `ETag`); anything else is 404.
         */
        get: operations["get_public"];
        put?: never;
        post?: never;
        /** Delete a draft (members). */
        delete: operations["delete_draft"];
        options?: never;
        head?: never;
        /**
         * Edit a mission (members). Finished missions are frozen; the capacity
         *     cannot drop below the places taken (409 `capacity_below_taken`).
         */
        patch: operations["update_mission"];
        trace?: never;
    };
    "/v1/missions/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The state changes of a mission (members, referents of its department, admins). */
        get: operations["mission_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missions/{id}/image": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a mission's picture (members). Its type is judged by its content
         *     (JPEG, PNG or WebP), it is bounded before decoding, re-encoded at two
         *     widths without its metadata. A changed picture is a material edit: a
         *     published mission goes back to review.
         */
        put: operations["set_mission_image"];
        post?: never;
        /** Remove a mission's picture (members). */
        delete: operations["remove_mission_image"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missions/{id}/participations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A mission's participations with the volunteers' contact details: for
         *     the organisation's members (and admins) only.
         */
        get: operations["of_mission"];
        put?: never;
        /**
         * Apply to a mission. Refused with `registration_closed`, `too_young`,
         *     `parental_consent_required` (a minor, on a mission that asks for a
         *     parent's consent, without `parental_consent`),
         *     `member_of_organization`, `mission_full`, `shift_full` (with its
         *     `shift_id`), or `already_applied` (with the existing participation's
         *     id). On a mission with shifts, `shift_ids` chooses them. Supports
         *     `Idempotency-Key`.
         */
        post: operations["apply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missions/{id}/participations/answers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept or decline up to 200 applications to a mission in one call
         *     (members), with one reason for the declines. Each is answered exactly
         *     as alone, in order, and has its own result: one in the wrong state, or
         *     of another mission, fails alone.
         */
        post: operations["answer_participations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missions/{id}/shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A mission's live shifts in time order, past ones included: anyone for
         *     a published mission, its members, referents and admins otherwise.
         */
        get: operations["list_shifts"];
        put?: never;
        /**
         * Add a shift, or a daily or weekly series of them (members). The
         *     mission's places and dates become those of its shifts, and volunteers
         *     choose among them when applying. Refused with 409
         *     `shifts_after_applications` once it holds applications without shifts.
         */
        post: operations["add_shifts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missions/{id}/shifts/{shift_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a shift's day, hours or places (members). Its volunteers are
         *     emailed when the day or hours move; more places go to its waiting list
         *     first.
         */
        patch: operations["update_shift"];
        trace?: never;
    };
    "/v1/missions/{id}/shifts/{shift_id}/cancellation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a shift (members): its places go back, its volunteers are
         *     emailed, and one left without any other shift on the mission is
         *     cancelled; its waiting line is told and emptied. The last shift of a
         *     mission stays (409 `last_shift`): cancel the mission instead.
         */
        post: operations["cancel_shift"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missions/{id}/similar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Missions of the same domain near this one (50 km of its first address,
         *     nearest first; soonest first for a mission without an address) that
         *     still have places: for the end of the mission's page, and for
         *     somewhere else to go when it is full (`mission_full` links here). The
         *     same for everyone, cached here and by the CDN; 404 unless the mission
         *     is public.
         */
        get: operations["similar_missions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missions/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a mission through its state machine: submit (members), publish or
         *     reject (referent of its department, admin), complete or cancel
         *     (members, referents, admins), flag (referents, admins), and back from
         *     flagged (admins). Anything else is 409 with the transitions allowed now.
         */
        post: operations["transition_mission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/missions/{id}/waiting-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a full mission's waiting list, with the application that will be
         *     made when a place frees up (the checks of applying apply). On a mission
         *     with shifts, the line is one full shift's: `shift_ids` names it. 409
         *     `places_left` when places remain: apply instead.
         */
        post: operations["join_waiting_list"];
        /** Leave a waiting list. */
        delete: operations["leave_waiting_list"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/exports/missions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The missions of the referent's departments as CSV (referents, admins),
         *     answered like the participations' export.
         */
        get: operations["export_missions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/message-reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reported messages in the referent's departments (every department for
         *     admins), newest first.
         */
        get: operations["message_reports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/missions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Missions waiting for review in the caller's departments. */
        get: operations["moderation_missions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Organisations waiting for review in the caller's departments. */
        get: operations["moderation_organizations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The referent's departments (every department for an admin): the
         *     public figures there, week by week, and the moderation queue with how
         *     long decisions take.
         */
        get: operations["department_statistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register an organisation. The caller becomes its owner; it starts as a
         *     draft, to submit for review when complete. Supports `Idempotency-Key`.
         */
        post: operations["create_organization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An organisation: everything for its members, referents and admins; the
         *     public view once approved; 404 otherwise.
         */
        get: operations["get_organization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit an organisation (members). An empty string clears an optional field. */
        patch: operations["update_organization"];
        trace?: never;
    };
    "/v1/organizations/{id}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's API keys, revoked ones included (owners). */
        get: operations["list_api_keys"];
        put?: never;
        /**
         * Create an API key for the organisation (owners). The secret is in this
         *     answer only.
         */
        post: operations["create_api_key"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a key (owners); it stops working at once. Revoking twice
         *     changes nothing.
         */
        delete: operations["revoke_api_key"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/api-keys/{key_id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a key (owners): a new secret (and prefix); the old one stops
         *     working at once.
         */
        post: operations["rotate_api_key"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What was done in the organisation's name beside state changes: keys,
         *     webhook endpoints, exports (members, referents, admins); newest first,
         *     the last 200.
         */
        get: operations["organization_audit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/branches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The head's branches, requested and active (the head's members). */
        get: operations["list_branches"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/branches/{branch}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Decline a request or remove a branch (the head's owners). */
        delete: operations["remove_branch"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/branches/{branch}/acceptance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept a branch's request (the head's owners). */
        post: operations["accept_branch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/branches/missions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The missions of the head's active branches, newest first (the head's
         *     members).
         */
        get: operations["branch_missions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/branches/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each active branch's statistics, from the rollup (the head's members). */
        get: operations["branch_statistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/exports/participations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The organisation's participations as CSV (members): UTF-8 with a
         *     byte-order mark, a header row. Up to `partner.export_stream_rows` rows
         *     (5,000) are answered at once; a larger export answers 202 and its link
         *     comes by email. Paused (503) while the service is degraded.
         */
        get: operations["export_participations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The state changes of an organisation (members, referents, admins). */
        get: operations["organization_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Invite someone by email (owners). They accept while signed in with that
         *     address, signing up with it first if need be.
         */
        post: operations["invite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/logo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set an organisation's logo (members), judged and re-encoded as a
         *     mission's picture is; transparency is kept (PNG).
         */
        put: operations["set_organization_logo"];
        post?: never;
        /** Remove an organisation's logo (members). */
        delete: operations["remove_organization_logo"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The members of an organisation (members, referents, admins). */
        get: operations["members"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/members/{account_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a member's role (owners). An organisation keeps at least one owner. */
        put: operations["set_member_role"];
        post?: never;
        /**
         * Remove a member (owners), or leave (yourself). The last owner can
         *     neither leave nor be removed.
         */
        delete: operations["remove_member"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/mission-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The templates the organisation may copy: its own and its network
         *     head's (members).
         */
        get: operations["list_mission_templates"];
        put?: never;
        /**
         * Publish a mission template (members): what a mission is, for the
         *     organisation and its network's branches to copy.
         */
        post: operations["create_mission_template"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/mission-templates/{template}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw a template (members of the organisation that published it). */
        delete: operations["delete_mission_template"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/missions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An organisation's missions, newest first, in every state or one
         *     (members, referents, admins).
         */
        get: operations["of_organization"];
        put?: never;
        /**
         * Create a draft mission (members of the organisation). Supports
         *     `Idempotency-Key`.
         */
        post: operations["create_mission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/missions/from-template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a draft mission of a template, adding its places, dates and
         *     capacity (members). It then goes through review like any mission.
         */
        post: operations["create_mission_from_template"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/network": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The network the organisation belongs to, or asked to join (members). */
        get: operations["get_network"];
        /** Ask to join a network as a branch (owners). The head's owners accept. */
        put: operations["join_network"];
        post?: never;
        /** Leave the network, or withdraw the request (owners). */
        delete: operations["leave_network"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An organisation's missions with their applications, acceptance rates
         *     and time to answer (members, referents of its department, admins, and
         *     the members of its network's head).
         */
        get: operations["organization_statistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move an organisation through its state machine: submit (owner), approve,
         *     reject, flag (referent of its department, admin), deregister (owner,
         *     admin). Anything else is 409 with the transitions allowed now.
         */
        post: operations["transition_organization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/widgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An organisation's widgets (members). */
        get: operations["organization_widgets"];
        put?: never;
        /**
         * Define a widget for an organisation's site (members): its missions, or
         *     with `network` its network's too (heads only), as the filters narrow
         *     them.
         */
        post: operations["create_organization_widget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{org_id}/missions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One mission, privately (members, referents of its department, admins). */
        get: operations["get_private"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether an approved organisation holds this SIRET or RNA number, before
         *     registering it: its name and public page if so (drafts and registrations
         *     under review are not shown),
         *     nothing private. No sign-in needed; limited per client.
         */
        get: operations["lookup_organization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/participations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One participation: for its volunteer, the organisation's members and admins. */
        get: operations["get_participation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/participations/{id}/attendance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark an accepted volunteer present (with the hours done) or absent,
         *     once the mission has started (the organisation's members). Either
         *     completes the participation; a present volunteer gets an attestation.
         */
        post: operations["record_attendance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/participations/{id}/attestation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The volunteer's PDF attestation of an attended participation. */
        get: operations["participation_attestation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/participations/{id}/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The calendar file of an accepted participation (its volunteer): the
         *     mission's weekly slots as repeating events, or its days.
         */
        get: operations["participation_calendar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/participations/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The state changes of a participation. */
        get: operations["participation_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/participations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The messages of a participation's thread, newest first; reading the
         *     first page marks the thread read. Its volunteer and the organisation's
         *     members; the department's referents and admins once a message was
         *     reported; 404 for anyone else.
         */
        get: operations["list_messages"];
        put?: never;
        /**
         * Write in a participation's thread (its volunteer, the organisation's
         *     members). The other side is emailed at most once an hour per thread,
         *     never in degraded mode. Limited per account. A thread closes with its
         *     application when it is declined or cancelled: it stays readable, and
         *     nobody writes in it any more.
         */
        post: operations["write_message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/participations/{id}/shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add shifts to one's own participation (its volunteer, while it holds a
         *     place): a place on each, as when applying. Returns the shifts held.
         */
        post: operations["add_participation_shifts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/participations/{id}/shifts/{shift_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Let one shift of one's own participation go: its place goes to that
         *     shift's waiting line. The only shift held stays (409 `last_shift`):
         *     cancel the participation to leave. Returns the shifts held.
         */
        delete: operations["drop_participation_shift"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/participations/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept or decline (members), cancel (the volunteer), complete (members,
         *     once the mission has started). Anything else is 409 with the
         *     transitions allowed now.
         */
        post: operations["transition_participation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/feed/missions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The change feed of missions, for incremental sync: the published
         *     missions the key may see (its organisation's, or all for a
         *     platform-wide key), ordered by `(updated_at, id)`, with tombstones for
         *     those that left public view. Start with `updated_since` (or nothing, for
         *     everything), then follow `next_cursor` until `has_more` is false, and
         *     keep the last `next_cursor` for the next sync: no change is missed or
         *     repeated at a page boundary, even while missions change. A change shows
         *     once it has settled (`partner.feed_settle_ms`, 10 s by default). Scope
         *     `missions:read`.
         */
        get: operations["partner_mission_feed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/feed/participations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The change feed of the organisation's participations, paged like the
         *     missions' feed. Scope `participations:read`.
         */
        get: operations["partner_participation_feed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/missions/{client_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's mission known by your own id. Scope `missions:read`. */
        get: operations["partner_get_mission"];
        /**
         * Create or update the organisation's mission known by your own id.
         * @description Sending the same mission again changes nothing (no new version, no new
         *     review, no change in the feed). A new mission is submitted for review at
         *     once (published at once for an organisation the platform trusts); a
         *     material change of a published mission sends it back to review, as for
         *     people. Scope `missions:write`.
         */
        put: operations["partner_upsert_mission"];
        post?: never;
        /**
         * Take the mission out of public view: a draft is deleted, a submitted
         *     or published mission cancelled (its volunteers are told). It stays, for
         *     its participations. Doing it twice changes nothing. Scope
         *     `missions:write`.
         */
        delete: operations["partner_unpublish_mission"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/missions/{client_id}/shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The shifts of the organisation's mission known by your own id. Scope
         *     `missions:read`.
         */
        get: operations["partner_list_shifts"];
        put?: never;
        /**
         * Add a shift or a series to the organisation's mission known by your
         *     own id, as its members would. Its places and dates then follow its
         *     shifts: what a later `PUT` sends for them is kept as the shifts make
         *     them. Scope `missions:write`.
         */
        post: operations["partner_add_shifts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/missions/{client_id}/shifts/{shift_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a shift of the organisation's mission known by your own id, as
         *     its members would (its volunteers are told). Scope `missions:write`.
         */
        patch: operations["partner_update_shift"];
        trace?: never;
    };
    "/v1/partner/missions/{client_id}/shifts/{shift_id}/cancellation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a shift of the organisation's mission known by your own id, as
         *     its members would (its volunteers are told, places given back). Scope
         *     `missions:write`.
         */
        post: operations["partner_cancel_shift"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/missions/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upsert up to 100 missions in one call. Each is handled as its own
         *     `PUT`, in order, and has its own result: one that fails does not fail
         *     the others. The body may be 32 times the usual limit. Scope
         *     `missions:write`.
         */
        post: operations["partner_upsert_missions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/participations/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer an application to one of the organisation's missions, as a
         *     member would: accept, decline (with a reason), or complete once the
         *     mission has started. Scope `participations:write`.
         */
        post: operations["partner_answer_participation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's webhook endpoints. Scope `webhooks:manage`. */
        get: operations["partner_list_webhooks"];
        put?: never;
        /**
         * Register a webhook endpoint for the organisation's events. The signing
         *     secret is in this answer only. Scope `webhooks:manage`.
         */
        post: operations["partner_create_webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook endpoint. Scope `webhooks:manage`. */
        get: operations["partner_get_webhook"];
        put?: never;
        post?: never;
        /**
         * Delete an endpoint; its pending deliveries go with it. Scope
         *     `webhooks:manage`.
         */
        delete: operations["partner_delete_webhook"];
        options?: never;
        head?: never;
        /**
         * Change an endpoint's URL or events, or enable it again. Scope
         *     `webhooks:manage`.
         */
        patch: operations["partner_update_webhook"];
        trace?: never;
    };
    "/v1/partner/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An endpoint's last 100 deliveries, newest first. Scope
         *     `webhooks:manage`.
         */
        get: operations["partner_webhook_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/webhooks/{id}/deliveries/{delivery_id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again, with the same `webhook-id` and body, and a fresh
         *     schedule of attempts. Scope `webhooks:manage`.
         */
        post: operations["partner_replay_webhook_delivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing secret. The previous one keeps signing beside it (two
         *     `v1,` signatures in `webhook-signature`) for
         *     `partner.webhook_secret_overlap_hours`, 24 by default. Scope
         *     `webhooks:manage`.
         */
        post: operations["partner_rotate_webhook_secret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pictures/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A picture's rendition. Its name is the hash of its bytes, so it is
         *     cached for ever (`immutable`) and revalidated by `ETag`.
         */
        get: operations["picture"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/search/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A key for the browser to query Algolia directly, so that peak search
         *     traffic never reaches our servers; or `builtin` when Algolia is not
         *     configured.
         */
        get: operations["key"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/search/missions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search published missions by text, place, domain, skills and more, with
         *     disjunctive facet counts. Cached briefly (longer in degraded mode).
         */
        get: operations["search_missions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/skills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The skills volunteers offer and missions ask for: stable slug and French label. */
        get: operations["skills"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The platform's figures: volunteers, missions published, places offered
         *     and taken, applications, by department and domain, and week by week
         *     over a year. Computed every few minutes, the same for everyone: cached
         *     here and by the CDN.
         */
        get: operations["public_statistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the SPA needs to know about the service right now. */
        get: operations["status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What an unsubscribe link would turn off, without changing anything:
         *     mail scanners open links, so reading one never unsubscribes.
         */
        get: operations["read_unsubscribe_link"];
        put?: never;
        /**
         * One-click unsubscribe (RFC 8058): the mailbox provider posts
         *     `List-Unsubscribe=One-Click` (form-encoded) to the email's
         *     `List-Unsubscribe` URL. No sign-in: the token is the proof, and it only
         *     turns its one kind of email off. Posting again is no error.
         */
        post: operations["unsubscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/brevo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Brevo's transactional webhook. Authenticated by the bearer token the
         *     webhook was configured with (compared in constant time); hard bounces,
         *     spam complaints, blocks, invalid addresses and unsubscriptions put the
         *     address on the suppression list. Other events are accepted and ignored.
         */
        post: operations["brevo_webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/widgets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a widget (its organisation's members, or admins for the
         *     platform's); sites showing it then show that it is gone.
         */
        delete: operations["delete_widget"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/widgets/{id}/facets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How a widget's missions divide by domain, department and
         *     accessibility (public, any origin).
         */
        get: operations["widget_facets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/widgets/{id}/missions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A widget's missions, newest first, with places left (public, any
         *     origin).
         */
        get: operations["widget_missions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widgets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The page a site embeds in an `<iframe>`: plain HTML, a small script
         *     that reads the widget's missions from this origin, in French,
         *     navigable by keyboard, announcing what it loads. Any site may frame it;
         *     its Content-Security-Policy runs nothing but its own script.
         */
        get: operations["widget_page"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Accepted: {
            detail: string;
            /** @example accepted */
            status: string;
        };
        /** @description A mission's access conditions, as the organisation states them. */
        Access: {
            /**
             * @description Volunteers under 18 (from `minimum_age`) apply with the consent of
             *     a parent or guardian, which they confirm when applying.
             */
            parental_consent?: boolean;
            /** @description What to have or bring, in plain text (a licence, a vaccination…). */
            prerequisites?: string | null;
            /** @description The place is close to public transport. */
            public_transport?: boolean;
            /** @description The place is accessible with reduced mobility. */
            reduced_mobility?: boolean;
        };
        /**
         * @description A flag search filters on (all those given must hold) and counts as
         *     the `accessibility` facet.
         * @enum {string}
         */
        Accessibility: "reduced_mobility" | "public_transport" | "open_to_minors";
        /**
         * @description Account states: `pending_activation → active → suspended | erased`
         *     (and `suspended → active` when an admin reinstates).
         * @enum {string}
         */
        AccountState: "pending_activation" | "active" | "suspended" | "erased";
        ActivateRequest: {
            /** @description 10 to 128 characters, not a common password, not containing the email. */
            password: string;
            /**
             * @description Non-browser clients: return the refresh token in the body instead
             *     of the cookie alone.
             */
            refresh_token_in_body?: boolean;
            /** @description The token from the activation link. */
            token: string;
        };
        /** @description A validated address, with its department. */
        Address: {
            city: string;
            department: string;
            /** Format: double */
            latitude: number;
            line?: string | null;
            /** Format: double */
            longitude: number;
            postcode: string;
        };
        /** @description An address as typed (or picked on a map by the SPA). */
        AddressInput: {
            /** @example Lyon */
            city: string;
            /**
             * Format: double
             * @example 45.764
             */
            latitude: number;
            /**
             * @description Street and number; optional for a whole-town mission.
             * @example 12 rue de la République
             */
            line?: string | null;
            /**
             * Format: double
             * @example 4.8357
             */
            longitude: number;
            /** @example 69002 */
            postcode: string;
        };
        /** @description An account as administrators see it. */
        AdminAccountView: components["schemas"]["MeView"] & {
            suspended_reason?: string | null;
        };
        /** @description One entry of the audit trail, as administrators see it. */
        AdminAuditEntry: {
            /** Format: uuid */
            account_id?: string | null;
            /**
             * @description `account.suspended`, `account.reinstated`, `account.erased`,
             *     `referent.granted`, `referent.revoked`, `service_mode.set`,
             *     `member.joined`, `member.role_changed`, `member.left`,
             *     `member.removed`, `member.erased`, `api_key.…`,
             *     `webhook_endpoint.…`, `export.…`.
             */
            action: string;
            /** Format: uuid */
            actor_id?: string | null;
            actor_name?: string | null;
            /**
             * @description `owner`, `manager`, `referent`, `admin`, `volunteer`, `api_key` or
             *     `system`.
             */
            actor_role: string;
            /** Format: date-time */
            at: string;
            department?: string | null;
            detail: unknown;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            organization_id?: string | null;
        };
        AdminStatistics: {
            /** Format: date-time */
            computed_at?: string | null;
            departments: components["schemas"]["DepartmentStatistics"][];
            platform: components["schemas"]["PublicStatistics"];
        };
        ApiKeyInput: {
            /** @example Notre CRM */
            name: string;
            /**
             * Format: int32
             * @description Requests per minute; 600 when absent. At most the platform's
             *     ceiling (`partner.key_rate_ceiling_per_minute`, 3,000 by default):
             *     above it, 422 naming this field. A batch spends one per item.
             */
            rate_per_minute?: number | null;
            scopes: components["schemas"]["Scope"][];
        };
        /** @description A key with its secret: shown in this answer only. */
        ApiKeyIssued: {
            key: components["schemas"]["ApiKeyView"];
            /** @description `rf_live_<prefix>_<secret>`: store it now; it cannot be shown again. */
            secret: string;
        };
        ApiKeyList: {
            items: components["schemas"]["ApiKeyView"][];
        };
        /** @description A key as its owners see it: never its secret. */
        ApiKeyView: {
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description Written at most once a minute.
             */
            last_used_at?: string | null;
            name: string;
            /**
             * Format: uuid
             * @description Absent for a platform-wide key.
             */
            organization_id?: string | null;
            /**
             * @description The visible part of the key (`rf_live_<prefix>_…`).
             * @example 3f2a9c1d
             */
            prefix: string;
            /** Format: int32 */
            rate_per_minute: number;
            /** Format: date-time */
            revoked_at?: string | null;
            /** Format: date-time */
            rotated_at?: string | null;
            scopes: components["schemas"]["Scope"][];
        };
        Application: {
            apiengagement_id?: string | null;
            /** @description Required when the mission asks for it; at most 2,000 characters. */
            motivation?: string | null;
            /**
             * @description A volunteer under 18 confirms that a parent or guardian agrees,
             *     when the mission asks for it (`access.parental_consent`).
             */
            parental_consent?: boolean;
            /**
             * @description On a mission with shifts, the shifts chosen (at least one, at most
             *     50); on a mission without, none.
             */
            shift_ids?: string[];
            utm_campaign?: string | null;
            utm_medium?: string | null;
            /**
             * @description Where the application came from: the campaign's tags of the link
             *     that brought the volunteer, and API Engagement's click id
             *     (`apiengagement_id`, which the hub appends to a mission's link).
             *     Kept with the participation, never shown to other volunteers.
             */
            utm_source?: string | null;
        };
        /** @description A centre and a radius: missions with an address within it. */
        Around: {
            /**
             * @description How the person named the place, repeated in the alert.
             * @example Lyon
             */
            label?: string | null;
            /**
             * Format: double
             * @example 45.7676
             */
            latitude: number;
            /**
             * Format: double
             * @example 4.8357
             */
            longitude: number;
            /**
             * Format: double
             * @description From 1 to 200 km.
             * @example 15
             */
            radius_km: number;
        };
        AttendanceRecord: {
            /**
             * Format: double
             * @description The hours done, 0.25 to 2000, when present; absent otherwise.
             */
            hours?: number | null;
            present: boolean;
        };
        AttestedParticipation: {
            attestation_code: string;
            /** Format: date-time */
            completed_at: string;
            /** Format: double */
            hours: number;
            mission: string;
            /** Format: uuid */
            mission_id: string;
            organization: string;
            /** Format: uuid */
            participation_id: string;
        };
        /**
         * @description Who the mission serves.
         * @enum {string}
         */
        Audience: "everyone" | "children" | "youth" | "seniors" | "people_with_disabilities" | "people_in_precarity" | "refugees" | "sick_people" | "animals" | "nature";
        /** @description One entry of an organisation's audit trail. */
        AuditEntry: {
            /**
             * @description `api_key.created`, `api_key.rotated`, `api_key.revoked`,
             *     `webhook_endpoint.created`…, `export.participations`.
             */
            action: string;
            actor_name?: string | null;
            /** @description `owner`, `manager`, `referent`, `admin`, `api_key` or `system`. */
            actor_role: string;
            /** Format: date-time */
            at: string;
            detail: unknown;
        };
        AuditTrail: {
            items: components["schemas"]["AuditEntry"][];
        };
        /** @description The messages an account wrote, for its personal data export. */
        AuthoredMessage: {
            body: string;
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            participation_id: string;
        };
        BatchInput: {
            missions: components["schemas"]["BatchItem"][];
        };
        BatchItem: {
            client_id: string;
            /**
             * @description A mission as `PUT /v1/partner/missions/{client_id}` takes it; read
             *     item by item, so that one malformed mission fails alone.
             */
            mission: components["schemas"]["MissionInput"];
        };
        /** @description What became of one mission of a batch. */
        BatchResult: {
            client_id: string;
            /** Format: uuid */
            mission_id?: string | null;
            /** @description `created`, `updated`, `unchanged` or `failed`. */
            outcome: string;
            problem?: null | components["schemas"]["Problem"];
            state?: null | components["schemas"]["MissionState"];
            /**
             * Format: int32
             * @description The status the single `PUT` would have answered.
             */
            status: number;
        };
        BatchResults: {
            results: components["schemas"]["BatchResult"][];
        };
        BirthDateCorrection: {
            /**
             * Format: date
             * @description The right birth date (16 to 100 years ago).
             */
            birth_date: string;
            /** @description Why it changes (10 to 500 characters), kept with the record. */
            reason: string;
        };
        BranchMissionPage: {
            items: components["schemas"]["BranchMissionView"][];
            /** Format: uuid */
            next_before?: string | null;
        };
        BranchMissionView: {
            /** Format: int32 */
            capacity: number;
            department: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            organization_id: string;
            organization_name: string;
            /** Format: int32 */
            places_taken: number;
            /** Format: date */
            start_date?: string | null;
            state: components["schemas"]["MissionState"];
            title: string;
            /** Format: date-time */
            updated_at: string;
        };
        BranchStatistics: {
            /** Format: date-time */
            computed_at?: string | null;
            name: string;
            /** Format: uuid */
            organization_id: string;
            statistics: components["schemas"]["OrganizationStatistics"];
        };
        /** @description One transactional event, as Brevo posts it (other fields ignored). */
        BrevoEvent: {
            email: string;
            /** @example hard_bounce */
            event: string;
            "message-id"?: string | null;
            /**
             * Format: int64
             * @description Milliseconds since the epoch, UTC.
             */
            ts_epoch?: number | null;
        };
        BulkAnswerItem: {
            /** Format: uuid */
            participation_id: string;
            /** @description `accepted` or `declined`. */
            to: components["schemas"]["ParticipationState"];
        };
        /** @description What became of one answer of a bulk call. */
        BulkAnswerResult: {
            /** Format: uuid */
            participation_id: string;
            problem?: null | components["schemas"]["Problem"];
            state?: null | components["schemas"]["ParticipationState"];
            /**
             * Format: int32
             * @description The status the single transition would have answered.
             */
            status: number;
        };
        BulkAnswerResults: {
            results: components["schemas"]["BulkAnswerResult"][];
        };
        BulkAnswers: {
            answers: components["schemas"]["BulkAnswerItem"][];
            /** @description Free text; required with `reason_code: other`. */
            reason?: string | null;
            reason_code?: null | components["schemas"]["DeclineReason"];
        };
        CalendarFeed: {
            /** @description The feed's path on this API, for the calendar application. */
            path: string;
            /** @description The secret, shown once: whoever has the URL reads the calendar. */
            token: string;
        };
        /** @description What the SPA needs to run the challenge (in `GET /v1/status`). */
        ChallengeInfo: {
            challenge_endpoint?: string | null;
            /**
             * Format: int32
             * @description Proof of work: the leading zero bits asked, and where to get a
             *     challenge (`GET /v1/challenge`).
             */
            difficulty?: number | null;
            /** @description The header that carries the solution on `POST /v1/auth/signup`. */
            header: string;
            /** @description `proof_of_work` or `friendly_captcha`. */
            kind: components["schemas"]["ChallengeKind"];
            /** @description Whether a signup must carry a solved challenge now. */
            required: boolean;
            /** @description Friendly Captcha's public site key, for its widget. */
            site_key?: string | null;
        };
        /** @enum {string} */
        ChallengeKind: "proof_of_work" | "friendly_captcha";
        Checks: {
            /**
             * @description `ok`, `unavailable` or `timeout` (the cause is in the log).
             * @example ok
             */
            database: string;
            /**
             * @description `ok`, `not_configured`, or `down` while the in-process adapters
             *     stand in (the service still serves, so this alone is not a 503).
             * @example not_configured
             */
            redis: string;
        };
        Commitment: {
            /**
             * Format: double
             * @description Hours per week (0.5–60) or in total (0.5–2,000).
             * @example 3
             */
            hours: number;
            kind: components["schemas"]["CommitmentKind"];
        };
        /** @enum {string} */
        CommitmentKind: "per_week" | "total";
        /**
         * @description What a saved search asks for; every criterion given must hold, and at
         *     least one is given.
         */
        Criteria: {
            /** @description Flags that must all hold. */
            accessibility?: components["schemas"]["Accessibility"][];
            around?: null | components["schemas"]["Around"];
            /**
             * @description Any of these domains (slugs of `GET /v1/reference/domains`).
             * @example [
             *       "education"
             *     ]
             */
            domains?: string[];
            /**
             * @description Words every mission holds in its title or description, case and
             *     accents ignored.
             * @example soutien scolaire
             */
            words?: string | null;
        };
        /**
         * @description Why an organisation declines a volunteer.
         * @enum {string}
         */
        DeclineReason: "requirements_not_met" | "mission_full" | "no_response" | "other";
        /** @description The effects of degraded mode in force now (all false in normal mode). */
        DegradedEffects: {
            /** @description Emails other than security ones (activation, reset) are held. */
            emails_delayed: boolean;
            /** @description Exports, histories and admin lists answer 503 for now. */
            heavy_endpoints_unavailable: boolean;
            /**
             * Format: int64
             * @description Listings and search results may be this many seconds old.
             */
            listings_stale_up_to_secs: number;
            /** @description Only searches already made are answered. */
            search_cache_only: boolean;
        };
        /**
         * @description The separator of a CSV file's cells: `,` by default, `;` for
         *     spreadsheets in French (and most of continental Europe), which read a
         *     comma-separated file as one column.
         * @enum {string}
         */
        Delimiter: "comma" | "semicolon";
        /**
         * @description One of the 101 departments: code (`01`…`95`, `2A`, `2B`, `971`…`976`),
         *     name and region.
         */
        Department: {
            /** @example 2A */
            code: string;
            /** @example Corse-du-Sud */
            name: string;
            /** @example Corse */
            region: string;
        };
        DepartmentList: {
            items: components["schemas"]["Department"][];
        };
        /** @description A department, as its referents see it. */
        DepartmentStatistics: {
            /**
             * @description Applications to the department's missions by where they came from:
             *     a link's `utm_source`, `api-engagement` for the hub's clicks,
             *     `direct` for the rest.
             */
            applications_by_source: {
                [key: string]: number;
            };
            department: string;
            figures: components["schemas"]["Figures"];
            moderation: components["schemas"]["Moderation"];
            weekly: components["schemas"]["Week"][];
        };
        DomainList: {
            items: components["schemas"]["MissionDomain"][];
        };
        /**
         * @description A domain slug, as `GET /v1/domains` lists them.
         * @enum {string}
         */
        DomainSlug: "solidarity_inclusion" | "health" | "education" | "culture_leisure" | "sport" | "environment" | "memory_citizenship" | "international_cooperation" | "prevention_protection" | "crisis_response" | "skills_based";
        EmailChange: {
            new_email: string;
            /** @description The current password, to confirm. */
            password: string;
        };
        /**
         * @description Where an outbox job stands.
         * @enum {string}
         */
        EmailJobState: "pending" | "running" | "done" | "dead";
        /** @description An email job as operators see it (never its links' secrets). */
        EmailJobView: {
            /** Format: int32 */
            attempts: number;
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            last_error?: string | null;
            /** @description Why it finished without being sent, e.g. a suppressed address. */
            outcome?: string | null;
            /** Format: date-time */
            run_after: string;
            state: components["schemas"]["EmailJobState"];
            template: string;
            to: string;
        };
        EmailRequest: {
            /**
             * Format: email
             * @example lea.martin@example.org
             */
            email: string;
        };
        Erasure: {
            password: string;
        };
        /**
         * @description What happened, as a partner subscribes to it.
         * @enum {string}
         */
        EventType: "participation.created" | "participation.cancelled" | "mission.published" | "mission.unpublished" | "organization.approved";
        /**
         * @description How a series repeats.
         * @enum {string}
         */
        Every: "day" | "week";
        /** @description A large export on its way: the link comes by email. */
        ExportQueued: {
            /** @example the export is being produced; its link will come by email, valid for 24 hours */
            detail: string;
            /** Format: uuid */
            export_id: string;
            /** Format: int64 */
            rows: number;
        };
        FavouriteRecord: {
            /** Format: date-time */
            added_at: string;
            /** Format: uuid */
            mission_id: string;
            title: string;
        };
        /** @description A bookmarked mission, as it stands now. */
        FavouriteView: {
            /** Format: date-time */
            added_at: string;
            /** Format: date */
            end_date?: string | null;
            /** Format: uuid */
            mission_id: string;
            /** @description Whether it takes applications now: published, open and not full. */
            open: boolean;
            /** Format: uuid */
            organization_id: string;
            organization_name: string;
            /** Format: int32 */
            places_left: number;
            /** @description Whether its page can be opened. */
            public: boolean;
            /** Format: date */
            start_date?: string | null;
            /**
             * @description `published`, `completed`, `cancelled`… A mission the public can no
             *     longer see shows only its title and state.
             */
            state: components["schemas"]["MissionState"];
            title: string;
        };
        /**
         * @description A change: the mission as it is now (`deleted: false`), or its tombstone
         *     (`deleted: true`); each item matches exactly one of the two.
         */
        FeedItem: components["schemas"]["FeedMission"] | components["schemas"]["MissionTombstone"];
        /**
         * @description A public mission as the feed gives it: the public view, and what a
         *     mirror needs beside it.
         */
        FeedMission: components["schemas"]["PublicMissionView"] & {
            /** Format: int32 */
            capacity: number;
            /** @description The id its organisation's tool gave it, if any. */
            client_id?: string | null;
            /**
             * @description Always false here.
             * @enum {boolean}
             */
            deleted: false;
            /** @description The department whose referents moderate it. */
            department: string;
            open_to_minors: boolean;
            organization_rna?: string | null;
            organization_siret?: string | null;
            /** Format: date-time */
            updated_at: string;
            /** @description The mission's public page. */
            url: string;
        };
        /**
         * @description A participation as the organisation's feed gives it, with how to reach
         *     the volunteer.
         */
        FeedParticipation: components["schemas"]["OrganizationParticipation"] & {
            mission_client_id?: string | null;
        };
        /**
         * @description One invalid field: which, a stable code the SPA translates, and a
         *     message for developers.
         */
        FieldError: {
            /** @example invalid_format */
            code: string;
            /** @example postcode */
            field: string;
            /** @example a French postcode has exactly five digits */
            message: string;
        };
        /** @description What the platform counts, for a place or a domain. */
        Figures: {
            /** Format: int64 */
            applications: number;
            /**
             * Format: int64
             * @description Missions published and not withdrawn (published or completed).
             */
            missions_published: number;
            /** Format: int64 */
            places_offered: number;
            /** Format: int64 */
            places_taken: number;
            /**
             * Format: int64
             * @description Active volunteers (by their own department; none by domain).
             */
            volunteers: number;
        };
        /** @enum {string} */
        Format: "on_site" | "remote" | "hybrid";
        /**
         * @description How often a kind of notice comes.
         * @enum {string}
         */
        Frequency: "immediate" | "daily" | "off";
        FromTemplate: {
            /** @description Where, when and how many. */
            details: components["schemas"]["LocalDetails"];
            /**
             * Format: uuid
             * @description One of the organisation's templates or its network head's.
             */
            template_id: string;
        };
        History: {
            items: components["schemas"]["HistoryEntry"][];
        };
        /** @description One state change. */
        HistoryEntry: {
            /** @description The actor's display name ("Compte supprimé" once erased). */
            actor_name?: string | null;
            /** @description `owner`, `manager`, `referent`, `admin`, `volunteer` or `system`. */
            actor_role: string;
            /** Format: date-time */
            at: string;
            from?: string | null;
            reason?: string | null;
            to: string;
        };
        /**
         * @description A history entry written by the person, or about one of their
         *     applications.
         */
        HistoryRecord: {
            actor_role: string;
            /** @description Whether the person made the change (otherwise it is about them). */
            by_them: boolean;
            /** Format: date-time */
            created_at: string;
            from_state?: string | null;
            reason?: string | null;
            /** Format: uuid */
            subject_id: string;
            subject_kind: string;
            to_state: string;
        };
        /** @description A mission in a result: what a list of results shows. */
        Hit: {
            /** @description Of the address nearest the centre (the first without a centre). */
            city?: string | null;
            department?: string | null;
            /**
             * Format: double
             * @description Kilometres from the centre to the nearest address.
             */
            distance_km?: number | null;
            domain: string;
            /** Format: date */
            end_date?: string | null;
            format: components["schemas"]["Format"];
            /** Format: uuid */
            id: string;
            organization_name: string;
            /** Format: int32 */
            places_left: number;
            skills: string[];
            /** Format: date */
            start_date?: string | null;
            title: string;
        };
        Invitation: {
            email: string;
            role: components["schemas"]["MemberRole"];
        };
        InvitationAcceptance: {
            token: string;
        };
        /** @description An invitation the person received (at their address) or sent. */
        InvitationRecord: {
            /** Format: date-time */
            accepted_at?: string | null;
            /** Format: date-time */
            created_at: string;
            /** @description `received` or `sent`. */
            direction: string;
            /** @description The invited address (for sent ones, the address the person typed). */
            email: string;
            /** Format: date-time */
            expires_at: string;
            /** Format: uuid */
            organization_id: string;
            organization_name: string;
            role: string;
        };
        /** @description A challenge to solve, as `GET /v1/challenge` gives it. */
        Issued: {
            challenge: string;
            /**
             * Format: int32
             * @description Leading zero bits of SHA-256(`challenge` + ":" + nonce).
             */
            difficulty: number;
            /**
             * Format: int64
             * @description Unix seconds after which the solution is refused.
             */
            expires_at: number;
        };
        JoinNetwork: {
            /**
             * Format: uuid
             * @description The head organisation (approved).
             */
            head_id: string;
        };
        /** @enum {string} */
        Layout: "list" | "carousel";
        Live: {
            /** @example ok */
            status: string;
        };
        /** @description What the branch adds to a template: where, when and how many. */
        LocalDetails: {
            /** @description One to ten; none for a remote mission. */
            addresses?: components["schemas"]["AddressInput"][];
            /** Format: int32 */
            capacity: number;
            /** Format: date */
            end_date?: string | null;
            registration_open?: boolean;
            slots?: components["schemas"]["Slot"][];
            /** Format: date */
            start_date?: string | null;
        };
        LoginRequest: {
            /**
             * Format: email
             * @example lea.martin@example.org
             */
            email: string;
            password: string;
            refresh_token_in_body?: boolean;
        };
        /**
         * @description What an unauthenticated registrant may learn before registering:
         *     whether the body is already on the platform, its name and its page,
         *     nothing private.
         */
        Lookup: {
            exists: boolean;
            organization?: null | components["schemas"]["LookupHit"];
        };
        LookupHit: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description Its public page, readable once the organisation is approved. */
            page: string;
        };
        Mailbox: {
            items: components["schemas"]["MailboxEmail"][];
        };
        MailboxEmail: {
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            /** @description Every link of the email, in order. */
            links: string[];
            /** @description Outbox state: `pending`, `running`, `done`, `dead`. */
            state: components["schemas"]["EmailJobState"];
            subject: string;
            template: string;
            text: string;
        };
        /**
         * @description Membership roles: owners manage members and can deregister.
         * @enum {string}
         */
        MemberRole: "owner" | "manager";
        Members: {
            items: components["schemas"]["MemberView"][];
        };
        MembershipRecord: {
            /** Format: date-time */
            joined_at: string;
            /** Format: uuid */
            organization_id: string;
            organization_name: string;
            role: string;
        };
        MemberView: {
            /** Format: uuid */
            account_id: string;
            email: string;
            first_name: string;
            /** Format: date-time */
            joined_at: string;
            last_name: string;
            role: components["schemas"]["MemberRole"];
        };
        MessagePage: {
            /** @description Whether the caller may write here (referents only read). */
            can_write: boolean;
            /** @description Newest first. */
            items: components["schemas"]["MessageView"][];
            /**
             * Format: uuid
             * @description Pass as `before` for older messages; absent at the first message.
             */
            next_before?: string | null;
        };
        MessageReport: {
            /** @description Why, in at most 1,000 characters. */
            reason: string;
        };
        MessageView: {
            /**
             * @description First name and initial; "Compte supprimé" once the author erased
             *     their account.
             */
            author_name: string;
            body: string;
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            /** @description Whether the caller wrote it. */
            mine: boolean;
            /** Format: uuid */
            participation_id: string;
            reported: boolean;
            /** @description `volunteer` or `organization`. */
            side: string;
        };
        /** @description The account as its owner sees it. Never carries a password or token hash. */
        MeView: {
            /** Format: date-time */
            activated_at?: string | null;
            /** Format: date-time */
            created_at: string;
            email: string;
            /** @description The email provider reported the address as undeliverable. */
            email_undeliverable: boolean;
            /** Format: uuid */
            id: string;
            profile: components["schemas"]["ProfileView"];
            roles: components["schemas"]["Roles"];
            state: components["schemas"]["AccountState"];
            terms_version?: string | null;
        };
        MissionBrief: {
            /** Format: date */
            end_date?: string | null;
            /** Format: uuid */
            id: string;
            organization: components["schemas"]["OrganizationSummary"];
            /** Format: date */
            start_date?: string | null;
            state: components["schemas"]["MissionState"];
            title: string;
        };
        MissionDomain: {
            /** @example Solidarité et insertion */
            label: string;
            /** @example solidarity_inclusion */
            slug: string;
        };
        MissionFeed: {
            has_more: boolean;
            items: components["schemas"]["FeedItem"][];
            /**
             * @description Where the next page starts; keep it to resume the sync later, even
             *     when `has_more` is false.
             */
            next_cursor: string;
        };
        /**
         * @description A mission as submitted (creation, or an edit merged onto the current
         *     values).
         */
        MissionInput: {
            /** @description Accessibility, parental consent and prerequisites. */
            access?: components["schemas"]["Access"];
            /** @description One to ten; none for a remote mission. */
            addresses?: components["schemas"]["AddressInput"][];
            audience?: components["schemas"]["Audience"][];
            /**
             * Format: int32
             * @example 10
             */
            capacity: number;
            commitment: components["schemas"]["Commitment"];
            /** @description Plain text or simple Markdown; HTML is refused. */
            description: string;
            /** @description A domain slug from `GET /v1/domains`. */
            domain: components["schemas"]["DomainSlug"];
            /** Format: date */
            end_date?: string | null;
            format: components["schemas"]["Format"];
            /**
             * Format: int32
             * @example 16
             */
            minimum_age?: number;
            motivation_required?: boolean;
            registration_open?: boolean;
            skills?: components["schemas"]["SkillSlug"][];
            /** @description Weekly slots, instead of or in addition to dates. */
            slots?: components["schemas"]["Slot"][];
            /** Format: date */
            start_date?: string | null;
            /** @example Distribution de repas le mercredi */
            title: string;
        };
        /**
         * @description An edit: only the fields given change; `addresses` and `slots` are
         *     replaced whole.
         */
        MissionPatch: {
            access?: null | components["schemas"]["Access"];
            addresses?: components["schemas"]["AddressInput"][] | null;
            audience?: components["schemas"]["Audience"][] | null;
            /** Format: int32 */
            capacity?: number | null;
            commitment?: null | components["schemas"]["Commitment"];
            description?: string | null;
            domain?: string | null;
            /** Format: date */
            end_date?: string | null;
            format?: null | components["schemas"]["Format"];
            /** Format: int32 */
            minimum_age?: number | null;
            motivation_required?: boolean | null;
            registration_open?: boolean | null;
            skills?: string[] | null;
            slots?: components["schemas"]["Slot"][] | null;
            /** Format: date */
            start_date?: string | null;
            title?: string | null;
        };
        /**
         * @description `draft → pending_review → published | rejected`;
         *     `published → completed | cancelled | flagged`; `flagged → published | cancelled`.
         * @enum {string}
         */
        MissionState: "draft" | "pending_review" | "published" | "rejected" | "completed" | "cancelled" | "flagged";
        /** @description A mission, as its organisation sees it. */
        MissionStatistics: {
            /**
             * Format: double
             * @description Accepted among the applications answered.
             */
            acceptance_rate?: number | null;
            /** Format: int64 */
            accepted: number;
            /**
             * Format: double
             * @description Applications per place offered.
             */
            application_rate: number;
            /** Format: int64 */
            applications: number;
            /**
             * Format: double
             * @description From application to answer, over the last 365 days.
             */
            average_answer_hours?: number | null;
            /** Format: int32 */
            capacity: number;
            /** Format: int64 */
            declined: number;
            /** Format: uuid */
            id: string;
            /** Format: int32 */
            places_taken: number;
            state: string;
            title: string;
        };
        MissionTemplate: {
            access?: components["schemas"]["Access"];
            audience?: components["schemas"]["Audience"][];
            commitment: components["schemas"]["Commitment"];
            description: string;
            domain: components["schemas"]["DomainSlug"];
            format: components["schemas"]["Format"];
            /** Format: int32 */
            minimum_age?: number;
            motivation_required?: boolean;
            skills?: components["schemas"]["SkillSlug"][];
            title: string;
        };
        /**
         * @description A mission that left public view (or no longer matches the feed's
         *     filter): remove it from the mirror.
         */
        MissionTombstone: {
            client_id?: string | null;
            /**
             * @description Always true here.
             * @enum {boolean}
             */
            deleted: true;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            updated_at: string;
        };
        MissionTransition: {
            /** @description Required to reject, flag or cancel. */
            reason?: string | null;
            to: components["schemas"]["MissionState"];
        };
        /** @description A mission as its organisation's members, referents and admins see it. */
        MissionView: {
            access: components["schemas"]["Access"];
            /** @description The accessibility flags search finds it by. */
            accessibility: components["schemas"]["Accessibility"][];
            addresses: components["schemas"]["Address"][];
            allowed_transitions: components["schemas"]["MissionState"][];
            audience: components["schemas"]["Audience"][];
            /** Format: int32 */
            capacity: number;
            /** @description The id a partner's tool gave it (`PUT /v1/partner/missions/{client_id}`). */
            client_id?: string | null;
            commitment: components["schemas"]["Commitment"];
            /** Format: date-time */
            created_at: string;
            /** @description The department whose referents moderate it. */
            department: string;
            description: string;
            domain: string;
            /** Format: date */
            end_date?: string | null;
            format: components["schemas"]["Format"];
            /** Format: uuid */
            id: string;
            image?: null | components["schemas"]["PictureView"];
            /** Format: int32 */
            minimum_age: number;
            motivation_required: boolean;
            /** Format: uuid */
            organization_id: string;
            /** Format: int32 */
            places_left: number;
            /** Format: int32 */
            places_taken: number;
            /** Format: date-time */
            published_at?: string | null;
            registration_open: boolean;
            skills: string[];
            slots: components["schemas"]["Slot"][];
            /** Format: date */
            start_date?: string | null;
            state: components["schemas"]["MissionState"];
            /** Format: date-time */
            submitted_at?: string | null;
            /**
             * @description Where it happens, as an IANA time zone (its department's): slots'
             *     and shifts' hours are the wall-clock time there.
             * @example Europe/Paris
             */
            time_zone: string;
            title: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** @enum {string} */
        Mode: "normal" | "degraded";
        /** @description One change of the service mode. */
        ModeChange: {
            /** Format: uuid */
            account_id?: string | null;
            /** Format: date-time */
            at: string;
            from_mode: string;
            /** Format: uuid */
            id: string;
            /** @description The override in force after the change: `auto`, `normal` or `degraded`. */
            override: string;
            reason: string;
            /** @description `auto` or `admin`. */
            source: string;
            to_mode: string;
        };
        /** @description How fast referents decide, over the last 90 days. */
        Moderation: {
            /** Format: double */
            average_delay_hours?: number | null;
            /** Format: int64 */
            decided_last_90_days: number;
            /** Format: double */
            median_delay_hours?: number | null;
            /** Format: int64 */
            missions_pending: number;
            /**
             * Format: double
             * @description Hours the oldest submission has waited.
             */
            oldest_pending_hours?: number | null;
            /** Format: int64 */
            organizations_pending: number;
        };
        MyHours: {
            participations: components["schemas"]["AttestedParticipation"][];
            /** Format: double */
            total_hours: number;
        };
        MyOrganizations: {
            items: components["schemas"]["OrganizationView"][];
        };
        /** @description A participation as its volunteer sees it. */
        MyParticipation: {
            allowed_transitions: components["schemas"]["ParticipationState"][];
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            mission: components["schemas"]["MissionBrief"];
            motivation?: string | null;
            reason?: string | null;
            /** @description Why it was declined or cancelled (`mission_closed`, a decline reason…). */
            reason_code?: string | null;
            /** @description The shifts it holds, on a mission with shifts. */
            shifts: components["schemas"]["ShiftView"][];
            state: components["schemas"]["ParticipationState"];
            /** Format: date-time */
            updated_at: string;
        };
        /** @description A link between a branch and its network's head. */
        NetworkLink: {
            /** Format: uuid */
            branch_id: string;
            department: string;
            /** Format: uuid */
            head_id: string;
            /** Format: date-time */
            joined_at?: string | null;
            /**
             * @description The other organisation's name: the head's for a branch, the
             *     branch's in a head's list.
             */
            name: string;
            /** Format: date-time */
            requested_at: string;
            /** @description `requested` until the head's owners accept, then `active`. */
            state: components["schemas"]["NetworkLinkState"];
        };
        /**
         * @description Where a branch's link to its network's head stands.
         * @enum {string}
         */
        NetworkLinkState: "requested" | "active";
        NetworkMembership: {
            network?: null | components["schemas"]["NetworkLink"];
        };
        NewMessage: {
            /** @description Plain text, 1 to 4,000 characters. */
            body: string;
        };
        /** @description A shift to add, or the first of a series. */
        NewShiftBody: {
            /**
             * Format: int32
             * @description 1 to 10,000; a mission offers at most 10,000 places over its shifts.
             */
            capacity: number;
            /**
             * Format: date
             * @example 2027-03-13
             */
            day: string;
            /** @example 12:00 */
            end_time: string;
            repeat?: null | components["schemas"]["Repeat"];
            /** @example 09:00 */
            start_time: string;
        };
        NewTemplate: {
            mission: components["schemas"]["MissionTemplate"];
            name: string;
        };
        /**
         * @description An organisation as submitted (creation, or an edit merged onto the
         *     current values).
         */
        OrganizationInput: {
            address: components["schemas"]["AddressInput"];
            /** Format: email */
            contact_email: string;
            contact_phone?: string | null;
            description: string;
            /** @description Domain slugs from `GET /v1/domains`. */
            domains: components["schemas"]["DomainSlug"][];
            kind: components["schemas"]["OrganizationKind"];
            /** @example Les Restos du Cœur du Rhône */
            name: string;
            /**
             * @description `W` + 9 digits. At least one of `rna` and `siret` is required.
             * @example W691234567
             */
            rna?: string | null;
            /**
             * @description 14 digits with a valid check digit.
             * @example 13002526500013
             */
            siret?: string | null;
            website?: string | null;
        };
        /** @enum {string} */
        OrganizationKind: "association" | "public_body" | "company";
        /**
         * @description A participation as the organisation sees it, with how to reach the
         *     volunteer: shown to the organisation's members only.
         */
        OrganizationParticipation: {
            /**
             * @description The age band the application was judged on when it was made:
             *     `under_18`, `18_or_over` or `unknown` (absent for older ones).
             */
            age_band?: string | null;
            allowed_transitions: components["schemas"]["ParticipationState"][];
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            mission_id: string;
            motivation?: string | null;
            /**
             * Format: date-time
             * @description When the volunteer, a minor, confirmed a parent's or guardian's
             *     consent (missions that ask for it).
             */
            parental_consent_at?: string | null;
            reason?: string | null;
            reason_code?: string | null;
            /** @description The shifts it holds, on a mission with shifts. */
            shifts: components["schemas"]["ShiftView"][];
            state: components["schemas"]["ParticipationState"];
            /** Format: date-time */
            updated_at: string;
            volunteer: components["schemas"]["VolunteerContact"];
        };
        /** @description An edit: only the fields given change; `address` is replaced whole. */
        OrganizationPatch: {
            address?: null | components["schemas"]["AddressInput"];
            contact_email?: string | null;
            contact_phone?: string | null;
            description?: string | null;
            domains?: string[] | null;
            kind?: null | components["schemas"]["OrganizationKind"];
            name?: string | null;
            rna?: string | null;
            siret?: string | null;
            website?: string | null;
        };
        OrganizationPrivate: components["schemas"]["OrganizationView"] & {
            /** @enum {string} */
            view: "private";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            view: "private";
        };
        OrganizationPublic: components["schemas"]["PublicOrganizationView"] & {
            /** @enum {string} */
            view: "public";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            view: "public";
        };
        /** @description `private` for members, referents and admins; `public` for others. */
        OrganizationResponse: components["schemas"]["OrganizationPrivate"] | components["schemas"]["OrganizationPublic"];
        /**
         * @description `draft → pending_review → approved | rejected`; `approved ⇄ flagged`;
         *     any → `deregistered`.
         * @enum {string}
         */
        OrganizationState: "draft" | "pending_review" | "approved" | "rejected" | "flagged" | "deregistered";
        /** @description An organisation's missions, and their sums. */
        OrganizationStatistics: {
            /** Format: double */
            acceptance_rate?: number | null;
            /** Format: int64 */
            accepted: number;
            /** Format: double */
            application_rate?: number | null;
            /** Format: int64 */
            applications: number;
            /** @description Its applications by where they came from, as for a department. */
            applications_by_source: {
                [key: string]: number;
            };
            /** Format: double */
            average_answer_hours?: number | null;
            /** Format: int64 */
            declined: number;
            missions: components["schemas"]["MissionStatistics"][];
        };
        OrganizationStatisticsResponse: components["schemas"]["OrganizationStatistics"] & {
            /** Format: date-time */
            computed_at?: string | null;
        };
        OrganizationSummary: {
            /** Format: uuid */
            id: string;
            name: string;
        };
        OrganizationTransition: {
            /** @description Required to reject or flag. */
            reason?: string | null;
            to: components["schemas"]["OrganizationState"];
        };
        /** @description An organisation as its members, referents and admins see it. */
        OrganizationView: {
            address: components["schemas"]["Address"];
            /** @description The states the caller may move it to now. */
            allowed_transitions: components["schemas"]["OrganizationState"][];
            contact_email: string;
            contact_phone?: string | null;
            /** Format: date-time */
            created_at: string;
            description: string;
            domains: string[];
            /** Format: uuid */
            id: string;
            kind: components["schemas"]["OrganizationKind"];
            logo?: null | components["schemas"]["PictureView"];
            name: string;
            rna?: string | null;
            siret?: string | null;
            state: components["schemas"]["OrganizationState"];
            /** Format: date-time */
            submitted_at?: string | null;
            /** Format: date-time */
            updated_at: string;
            website?: string | null;
            your_role?: null | components["schemas"]["MemberRole"];
        };
        /**
         * @description What a signup or an application says of where it came from, each tag
         *     optional; empty ones are absent.
         */
        Origin: {
            /**
             * @description The click id API Engagement appended to the mission's link.
             * @example 64a1b2c3d4e5f6789abc0088
             */
            apiengagement_id?: string | null;
            /** @example mairie-de-lyon */
            utm_campaign?: string | null;
            /** @example widget */
            utm_medium?: string | null;
            /** @example api-engagement */
            utm_source?: string | null;
        };
        /**
         * @description Who decides the mode: the controllers (`auto`), or an administrator who
         *     pinned it to `normal` or `degraded` until they hand it back.
         * @enum {string}
         */
        Override: "auto" | "normal" | "degraded";
        /** @description One page of a list. */
        Page_AdminAuditEntry: {
            items: {
                /** Format: uuid */
                account_id?: string | null;
                /**
                 * @description `account.suspended`, `account.reinstated`, `account.erased`,
                 *     `referent.granted`, `referent.revoked`, `service_mode.set`,
                 *     `member.joined`, `member.role_changed`, `member.left`,
                 *     `member.removed`, `member.erased`, `api_key.…`,
                 *     `webhook_endpoint.…`, `export.…`.
                 */
                action: string;
                /** Format: uuid */
                actor_id?: string | null;
                actor_name?: string | null;
                /**
                 * @description `owner`, `manager`, `referent`, `admin`, `volunteer`, `api_key` or
                 *     `system`.
                 */
                actor_role: string;
                /** Format: date-time */
                at: string;
                department?: string | null;
                detail: unknown;
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                organization_id?: string | null;
            }[];
            /** @description Pass as `cursor` for the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        /** @description One page of a list. */
        Page_EmailJobView: {
            items: {
                /** Format: int32 */
                attempts: number;
                /** Format: date-time */
                created_at: string;
                /** Format: uuid */
                id: string;
                last_error?: string | null;
                /** @description Why it finished without being sent, e.g. a suppressed address. */
                outcome?: string | null;
                /** Format: date-time */
                run_after: string;
                state: components["schemas"]["EmailJobState"];
                template: string;
                to: string;
            }[];
            /** @description Pass as `cursor` for the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        /** @description One page of a list. */
        Page_MissionView: {
            items: {
                access: components["schemas"]["Access"];
                /** @description The accessibility flags search finds it by. */
                accessibility: components["schemas"]["Accessibility"][];
                addresses: components["schemas"]["Address"][];
                allowed_transitions: components["schemas"]["MissionState"][];
                audience: components["schemas"]["Audience"][];
                /** Format: int32 */
                capacity: number;
                /** @description The id a partner's tool gave it (`PUT /v1/partner/missions/{client_id}`). */
                client_id?: string | null;
                commitment: components["schemas"]["Commitment"];
                /** Format: date-time */
                created_at: string;
                /** @description The department whose referents moderate it. */
                department: string;
                description: string;
                domain: string;
                /** Format: date */
                end_date?: string | null;
                format: components["schemas"]["Format"];
                /** Format: uuid */
                id: string;
                image?: null | components["schemas"]["PictureView"];
                /** Format: int32 */
                minimum_age: number;
                motivation_required: boolean;
                /** Format: uuid */
                organization_id: string;
                /** Format: int32 */
                places_left: number;
                /** Format: int32 */
                places_taken: number;
                /** Format: date-time */
                published_at?: string | null;
                registration_open: boolean;
                skills: string[];
                slots: components["schemas"]["Slot"][];
                /** Format: date */
                start_date?: string | null;
                state: components["schemas"]["MissionState"];
                /** Format: date-time */
                submitted_at?: string | null;
                /**
                 * @description Where it happens, as an IANA time zone (its department's): slots'
                 *     and shifts' hours are the wall-clock time there.
                 * @example Europe/Paris
                 */
                time_zone: string;
                title: string;
                /** Format: date-time */
                updated_at: string;
            }[];
            /** @description Pass as `cursor` for the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        /** @description One page of a list. */
        Page_MyParticipation: {
            items: {
                allowed_transitions: components["schemas"]["ParticipationState"][];
                /** Format: date-time */
                created_at: string;
                /** Format: uuid */
                id: string;
                mission: components["schemas"]["MissionBrief"];
                motivation?: string | null;
                reason?: string | null;
                /** @description Why it was declined or cancelled (`mission_closed`, a decline reason…). */
                reason_code?: string | null;
                /** @description The shifts it holds, on a mission with shifts. */
                shifts: components["schemas"]["ShiftView"][];
                state: components["schemas"]["ParticipationState"];
                /** Format: date-time */
                updated_at: string;
            }[];
            /** @description Pass as `cursor` for the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        /** @description One page of a list. */
        Page_OrganizationParticipation: {
            items: {
                /**
                 * @description The age band the application was judged on when it was made:
                 *     `under_18`, `18_or_over` or `unknown` (absent for older ones).
                 */
                age_band?: string | null;
                allowed_transitions: components["schemas"]["ParticipationState"][];
                /** Format: date-time */
                created_at: string;
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                mission_id: string;
                motivation?: string | null;
                /**
                 * Format: date-time
                 * @description When the volunteer, a minor, confirmed a parent's or guardian's
                 *     consent (missions that ask for it).
                 */
                parental_consent_at?: string | null;
                reason?: string | null;
                reason_code?: string | null;
                /** @description The shifts it holds, on a mission with shifts. */
                shifts: components["schemas"]["ShiftView"][];
                state: components["schemas"]["ParticipationState"];
                /** Format: date-time */
                updated_at: string;
                volunteer: components["schemas"]["VolunteerContact"];
            }[];
            /** @description Pass as `cursor` for the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        /** @description One page of a list. */
        Page_OrganizationView: {
            items: {
                address: components["schemas"]["Address"];
                /** @description The states the caller may move it to now. */
                allowed_transitions: components["schemas"]["OrganizationState"][];
                contact_email: string;
                contact_phone?: string | null;
                /** Format: date-time */
                created_at: string;
                description: string;
                domains: string[];
                /** Format: uuid */
                id: string;
                kind: components["schemas"]["OrganizationKind"];
                logo?: null | components["schemas"]["PictureView"];
                name: string;
                rna?: string | null;
                siret?: string | null;
                state: components["schemas"]["OrganizationState"];
                /** Format: date-time */
                submitted_at?: string | null;
                /** Format: date-time */
                updated_at: string;
                website?: string | null;
                your_role?: null | components["schemas"]["MemberRole"];
            }[];
            /** @description Pass as `cursor` for the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        ParticipationFeed: {
            has_more: boolean;
            items: components["schemas"]["FeedParticipation"][];
            next_cursor: string;
        };
        ParticipationOfOrganization: components["schemas"]["OrganizationParticipation"] & {
            /** @enum {string} */
            view: "organization";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            view: "organization";
        };
        ParticipationOfVolunteer: components["schemas"]["MyParticipation"] & {
            /** @enum {string} */
            view: "volunteer";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            view: "volunteer";
        };
        /** @description An application, with the text the person wrote. */
        ParticipationRecord: {
            /**
             * @description Present (`true`) or absent (`false`) as the organisation recorded
             *     it once the mission took place; `null` until then.
             */
            attended?: boolean | null;
            /**
             * @description The code that proves the attestation (checked at
             *     `/v1/attestations/{code}`), for a volunteer marked present.
             */
            attestation_code?: string | null;
            /** Format: date-time */
            created_at: string;
            /**
             * Format: double
             * @description The hours done, recorded with the attendance.
             */
            hours?: number | null;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            mission_id: string;
            mission_title: string;
            motivation?: string | null;
            organization_name: string;
            /**
             * @description Where the application came from (the link's campaign tags, API
             *     Engagement's click id).
             */
            origin: components["schemas"]["Origin"];
            reason?: string | null;
            reason_code?: string | null;
            state: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description `volunteer` for the person who applied, `organization` for members and admins. */
        ParticipationResponse: components["schemas"]["ParticipationOfVolunteer"] | components["schemas"]["ParticipationOfOrganization"];
        /** @enum {string} */
        ParticipationState: "pending" | "accepted" | "declined" | "cancelled" | "completed";
        ParticipationTransition: {
            /** @description Free text; required with `reason_code: other`. */
            reason?: string | null;
            reason_code?: null | components["schemas"]["DeclineReason"];
            to: components["schemas"]["ParticipationState"];
        };
        PartnerAnswer: {
            reason?: string | null;
            reason_code?: null | components["schemas"]["DeclineReason"];
            /** @description `accepted`, `declined` or `completed`. */
            to: components["schemas"]["ParticipationState"];
        };
        PasswordChange: {
            current_password: string;
            new_password: string;
        };
        /** Format: binary */
        PdfFile: string;
        /** @description Everything held about the person. */
        PersonalData: {
            account: components["schemas"]["MeView"];
            /** @description Emails sent or waiting, with their parameters (links' secrets removed). */
            emails: Record<string, never>[];
            /** Format: date-time */
            exported_at: string;
            /** @description Missions bookmarked. */
            favourites: components["schemas"]["FavouriteRecord"][];
            /** @description Changes the person made, and changes to their applications. */
            history: components["schemas"]["HistoryRecord"][];
            /** @description Invitations received at the address, and sent by the person. */
            invitations: components["schemas"]["InvitationRecord"][];
            memberships: components["schemas"]["MembershipRecord"][];
            /** @description Messages written in conversations. */
            messages: components["schemas"]["AuthoredMessage"][];
            /** @description What the person chose to be told by email. */
            notifications: components["schemas"]["Preferences"];
            /**
             * @description Where the person came from when they signed up (the link's
             *     campaign tags, API Engagement's click id).
             */
            origin: components["schemas"]["Origin"];
            /** @description Applications, with the motivation texts written. */
            participations: components["schemas"]["ParticipationRecord"][];
            /** @description Searches kept for the daily alerts. */
            saved_searches: components["schemas"]["SavedSearchView"][];
            sessions: components["schemas"]["SessionView"][];
            /** @description The shifts chosen in those participations. */
            shifts: components["schemas"]["ShiftRecord"][];
            /** @description Places on waiting lists. */
            waiting_lists: components["schemas"]["WaitingPlace"][];
        };
        /** Format: binary */
        PictureFile: string;
        /** @description The form a picture comes in, for the document: one `file` part. */
        PictureUpload: {
            /**
             * Format: binary
             * @description A JPEG, PNG or WebP picture of at most 5 MiB and 40 megapixels.
             */
            file: string;
        };
        /**
         * @description A picture (a mission's image, an organisation's logo) at its two
         *     widths: paths under the API, served with immutable caching (the name
         *     changes with the bytes).
         */
        PictureView: {
            /** @description The small width (480 px for an image, 128 for a logo, or less). */
            small_url: string;
            /**
             * @description The large width (1200 px for an image, 512 for a logo, or less).
             * @example /v1/pictures/3f2a9c0d1e4b5a6978d0c1b2a3f4e5d6.jpg
             */
            url: string;
        };
        PlatformKeyInput: {
            /** @example Hub national des missions */
            name: string;
            /**
             * Format: int32
             * @description Requests per minute, at most the platform's ceiling
             *     (`partner.key_rate_ceiling_per_minute`).
             */
            rate_per_minute?: number | null;
        };
        /**
         * @description One person's choices; a person who never chose has the defaults
         *     (everything on, as it happens).
         */
        Preferences: {
            /** @description New applications to one's organisations (members). */
            applications: components["schemas"]["Frequency"];
            /** @description The digest of news on one's favourite missions. */
            favourites_digest: boolean;
            /** @description New messages in one's conversations. */
            messages: components["schemas"]["Frequency"];
            /** @description The referents' digest of the moderation queue (daily or off). */
            moderation_digest: boolean;
            /** @description The volunteers' reminder the day before a mission. */
            reminders: boolean;
            /** @description The daily alert of new missions matching one's saved searches. */
            saved_searches: boolean;
        };
        /** @description What a person may change; absent fields keep their value. */
        PreferencesPatch: {
            applications?: null | components["schemas"]["Frequency"];
            favourites_digest?: boolean | null;
            messages?: null | components["schemas"]["Frequency"];
            moderation_digest?: boolean | null;
            reminders?: boolean | null;
            saved_searches?: boolean | null;
        };
        /** @description `application/problem+json` body. */
        Problem: Record<string, never> & {
            /**
             * @description Stable machine code; the SPA translates it. The list is closed:
             *     every code the API answers is in this enum.
             */
            code: components["schemas"]["ProblemCode"];
            detail?: string | null;
            errors?: components["schemas"]["FieldError"][];
            request_id?: string | null;
            /**
             * Format: int32
             * @example 422
             */
            status: number;
            /** @example Validation failed */
            title: string;
            /**
             * @description A URI naming the kind of problem: `urn:renfort:problem:{code}`.
             * @example urn:renfort:problem:validation_failed
             */
            type: string;
        };
        /**
         * @description Stable machine code of a problem; the SPA translates it.
         * @enum {string}
         */
        ProblemCode: "bad_request" | "unauthenticated" | "forbidden" | "not_found" | "method_not_allowed" | "not_acceptable" | "request_timeout" | "conflict" | "payload_too_large" | "uri_too_long" | "unsupported_media_type" | "validation_failed" | "rate_limited" | "headers_too_large" | "unavailable" | "internal_error" | "http_error" | "malformed_json" | "malformed_body" | "nul_character" | "invalid_query" | "invalid_idempotency_key" | "idempotency_in_progress" | "idempotency_key_reused" | "malformed_event" | "token_expired" | "invalid_token" | "token_revoked" | "invalid_refresh_token" | "invalid_credentials" | "account_suspended" | "invalid_api_key" | "scope_missing" | "admin_only" | "moderators_only" | "members_only" | "owners_only" | "region_not_served" | "challenge_required" | "challenge_failed" | "challenge_unavailable" | "invalid_transition" | "email_taken" | "cannot_suspend_self" | "under_review" | "organization_inactive" | "organization_not_approved" | "mission_frozen" | "capacity_below_taken" | "not_a_draft" | "last_owner" | "profile_incomplete" | "too_young" | "parental_consent_required" | "already_applied" | "member_of_organization" | "registration_closed" | "mission_full" | "api_key_revoked" | "mission_cancelled" | "organization_exists" | "network_conflict" | "participation_not_accepted" | "places_left" | "own_message" | "shift_full" | "shift_closed" | "last_shift" | "shifts_after_applications" | "participation_closed" | "birth_date_locked" | "overloaded" | "database_busy" | "database_unavailable" | "degraded_unavailable" | "search_degraded" | "busy";
        /**
         * @description A profile edit: only the fields given change. An empty `phone` or
         *     `presentation` clears it.
         */
        ProfilePatch: {
            /** Format: date */
            birth_date?: string | null;
            domains?: string[] | null;
            first_name?: string | null;
            last_name?: string | null;
            phone?: string | null;
            postcode?: string | null;
            presentation?: string | null;
            skills?: string[] | null;
            visible_to_organizations?: boolean | null;
        };
        ProfileView: {
            /** Format: date */
            birth_date?: string | null;
            department?: string | null;
            domains: string[];
            first_name: string;
            last_name: string;
            phone?: string | null;
            postcode?: string | null;
            presentation?: string | null;
            skills: string[];
            visible_to_organizations: boolean;
        };
        PublicMissionPage: {
            items: components["schemas"]["PublicMissionSummary"][];
            next_cursor?: string | null;
        };
        /** @description A mission in a public list. */
        PublicMissionSummary: {
            /** @description City and department of its first address (none when remote). */
            city?: string | null;
            department?: string | null;
            domain: string;
            /** Format: date */
            end_date?: string | null;
            format: components["schemas"]["Format"];
            /** Format: uuid */
            id: string;
            organization: components["schemas"]["OrganizationSummary"];
            /** Format: int32 */
            places_left: number;
            /** Format: date-time */
            published_at?: string | null;
            registration_open: boolean;
            skills: string[];
            /** Format: date */
            start_date?: string | null;
            title: string;
        };
        /** @description A mission as anyone sees it: no member, no contact, no moderation data. */
        PublicMissionView: {
            access: components["schemas"]["Access"];
            /** @description The accessibility flags search finds it by. */
            accessibility: components["schemas"]["Accessibility"][];
            addresses: components["schemas"]["Address"][];
            audience: components["schemas"]["Audience"][];
            commitment: components["schemas"]["Commitment"];
            description: string;
            domain: string;
            /** Format: date */
            end_date?: string | null;
            format: components["schemas"]["Format"];
            /**
             * @description Volunteers choose among its shifts when applying; `places_left`,
             *     `start_date` and `end_date` are then those of its shifts.
             */
            has_shifts: boolean;
            /** Format: uuid */
            id: string;
            image?: null | components["schemas"]["PictureView"];
            /** Format: int32 */
            minimum_age: number;
            motivation_required: boolean;
            organization: components["schemas"]["OrganizationSummary"];
            /** Format: int32 */
            places_left: number;
            /** Format: date-time */
            published_at?: string | null;
            registration_open: boolean;
            /**
             * @description Its upcoming shifts with their places, on the mission's page (lists
             *     and feeds leave them out: `GET /v1/missions/{id}/shifts`).
             */
            shifts: components["schemas"]["ShiftView"][];
            skills: string[];
            slots: components["schemas"]["Slot"][];
            /** Format: date */
            start_date?: string | null;
            /**
             * @description Where it happens, as an IANA time zone (its department's): slots'
             *     and shifts' hours are the wall-clock time there.
             * @example Europe/Paris
             */
            time_zone?: string;
            title: string;
        };
        /** @description An approved organisation as anyone sees it: no identifiers, no contact. */
        PublicOrganizationView: {
            city: string;
            department: string;
            description: string;
            domains: string[];
            /** Format: uuid */
            id: string;
            kind: components["schemas"]["OrganizationKind"];
            logo?: null | components["schemas"]["PictureView"];
            name: string;
            website?: string | null;
        };
        /** @description The platform's public figures. */
        PublicStatistics: {
            /** @description By department code (missions by the department that moderates them). */
            by_department: {
                [key: string]: components["schemas"]["Figures"];
            };
            /** @description By mission domain. */
            by_domain: {
                [key: string]: components["schemas"]["Figures"];
            };
            totals: components["schemas"]["Figures"];
            /** @description The last 52 weeks, oldest first. */
            weekly: components["schemas"]["Week"][];
        };
        PublicStatisticsResponse: components["schemas"]["PublicStatistics"] & {
            /**
             * Format: date-time
             * @description When the rollup computed these figures (none before its first run).
             */
            computed_at?: string | null;
        };
        /**
         * @description Which missions a widget may show at most, before its filters.
         * @enum {string}
         */
        Reach: "platform" | "organization" | "network";
        Ready: {
            checks: components["schemas"]["Checks"];
            /**
             * @description `ready`, or `degraded` while the database is out of reach.
             * @example ready
             */
            status: string;
        };
        ReferentRoles: {
            referent_departments: string[];
        };
        /**
         * @description Optional body of refresh and logout; browsers send nothing and rely on
         *     the cookie.
         */
        RefreshRequest: {
            refresh_token?: string | null;
        };
        /** @description A series: the shift repeats every day or week up to `until`, inclusive. */
        Repeat: {
            every: components["schemas"]["Every"];
            /** Format: date */
            until: string;
        };
        ReportPage: {
            items: components["schemas"]["ReportView"][];
            /** Format: uuid */
            next_before?: string | null;
        };
        ReportView: {
            /** @description The reported message. */
            body: string;
            /** Format: date-time */
            created_at: string;
            department: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            message_id: string;
            /** Format: uuid */
            mission_id: string;
            mission_title: string;
            /**
             * Format: uuid
             * @description The thread: `GET /v1/participations/{id}/messages`.
             */
            participation_id: string;
            reason: string;
        };
        Requeued: {
            /** Format: int64 */
            requeued: number;
        };
        RequeueTemplate: {
            template: components["schemas"]["Template"];
        };
        ResetRequest: {
            /** @description 10 to 128 characters, not a common password, not containing the email. */
            password: string;
            /** @description The token from the reset link. */
            token: string;
        };
        RoleBody: {
            role: components["schemas"]["MemberRole"];
        };
        RoleChange: {
            /** @description Department codes where the account becomes a referent. */
            grant_referent?: string[];
            /** @description Department codes where it stops being one. */
            revoke_referent?: string[];
        };
        Roles: {
            admin: boolean;
            referent_departments: string[];
            /** @description Every account is a volunteer. */
            volunteer: boolean;
        };
        /** @description A saved search. */
        SavedSearchView: {
            /** Format: date-time */
            created_at: string;
            /** @description What it asks, as it was saved. */
            criteria: components["schemas"]["Criteria"];
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description Missions published until then have been considered for the alerts;
             *     the next alert tells those published since.
             */
            notified_until: string;
        };
        /**
         * @description What a key may do. A key never reaches account, admin or moderation
         *     endpoints, whatever its scopes.
         * @enum {string}
         */
        Scope: "missions:read" | "missions:write" | "participations:read" | "participations:write" | "webhooks:manage";
        /** @description Where the SPA should search from. */
        SearchKey: {
            app_id?: string | null;
            /**
             * @description `algolia`: query Algolia directly with this key; `builtin`: use
             *     `GET /v1/search/missions`.
             */
            engine: string;
            index?: string | null;
            /** @description A secured search-only key: this index, published missions, for an hour. */
            key?: string | null;
            search_path: string;
            /**
             * Format: int64
             * @description Unix time after which the key stops working.
             */
            valid_until?: number | null;
        };
        SearchResult: {
            /**
             * @description Facet → value → count. Disjunctive: a facet's counts ignore that
             *     facet's own filter, so a multi-select shows what adding a value gives.
             */
            facets: {
                [key: string]: {
                    [key: string]: number;
                };
            };
            hits: components["schemas"]["Hit"][];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            pages: number;
            /** Format: int32 */
            per_page: number;
            /** Format: int64 */
            processing_time_ms: number;
            /** Format: int64 */
            total_hits: number;
        };
        /**
         * @description Who decides the service mode: `auto` hands it to the controllers of
         *     the replicas; `normal` or `degraded` pins it until set back to `auto`.
         */
        ServiceModeBody: {
            mode: components["schemas"]["Override"];
            /** @description Why, for the history. */
            reason?: string | null;
        };
        /** @description The mode now, who decides it, and the latest changes. */
        ServiceModeView: {
            /** @description Newest first, the last 50. */
            changes: components["schemas"]["ModeChange"][];
            mode: components["schemas"]["Mode"];
            override: components["schemas"]["Override"];
        };
        /**
         * @description A session: the access token in the body, the refresh token in an
         *     `HttpOnly` cookie scoped to `/v1/auth` (and in the body on request).
         */
        SessionResponse: {
            access_token: string;
            /**
             * Format: int64
             * @description Seconds until the access token expires.
             * @example 900
             */
            expires_in: number;
            refresh_token?: string | null;
            /** @example Bearer */
            token_type: string;
        };
        SessionView: {
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at: string;
            /** Format: uuid */
            id: string;
        };
        ShiftCancellation: {
            /** @description Told to the volunteers; at most 2,000 characters. */
            reason?: string | null;
        };
        /** @description The shifts a volunteer adds to their participation. */
        ShiftChoice: {
            /**
             * @description Shifts of the participation's mission; those already held are left
             *     as they are.
             */
            shift_ids: string[];
        };
        /** @description What to change on a shift; what is left out stays. */
        ShiftPatch: {
            /**
             * Format: int32
             * @description Not below the places taken (409 `capacity_below_taken`).
             */
            capacity?: number | null;
            /** Format: date */
            day?: string | null;
            /** @example 12:00 */
            end_time?: string | null;
            /** @example 09:00 */
            start_time?: string | null;
        };
        /** @description A shift a participation holds or held. */
        ShiftRecord: {
            /** Format: date */
            day: string;
            /** @example 12:00:00 */
            end_time: string;
            /** Format: uuid */
            participation_id: string;
            /**
             * Format: date-time
             * @description When its place was given back (a cancellation, the shift cancelled).
             */
            released_at?: string | null;
            /** Format: uuid */
            shift_id: string;
            /** @example 09:00:00 */
            start_time: string;
        };
        /** @description A shift and its places. */
        ShiftView: {
            /** Format: int32 */
            capacity: number;
            /**
             * Format: date
             * @example 2027-03-13
             */
            day: string;
            /** @example 12:00 */
            end_time: string;
            /** Format: uuid */
            id: string;
            /** Format: int32 */
            places_left: number;
            /**
             * @description Wall-clock time where the mission happens.
             * @example 09:00
             */
            start_time: string;
        };
        /** @description The volunteer profile given at signup. */
        SignupRequest: {
            apiengagement_id?: string | null;
            /**
             * Format: date
             * @description 16 to 100 years ago.
             * @example 1998-04-12
             */
            birth_date: string;
            /** @description Domain slugs from `GET /v1/domains`. */
            domains?: components["schemas"]["DomainSlug"][];
            /**
             * Format: email
             * @example lea.martin@example.org
             */
            email: string;
            /** @example Léa */
            first_name: string;
            /** @example Martin */
            last_name: string;
            /** @description French (`06 12 34 56 78`) or E.164 (`+33612345678`). */
            phone?: string | null;
            /**
             * @description French postcode; the department is derived from it.
             * @example 69003
             */
            postcode: string;
            presentation?: string | null;
            /** @description Skill slugs from `GET /v1/skills`. */
            skills?: components["schemas"]["SkillSlug"][];
            /**
             * @description Must be true.
             * @enum {boolean}
             */
            terms_accepted: true;
            /**
             * @description The version of the terms the person accepted.
             * @example 2026-01
             */
            terms_version: string;
            utm_campaign?: string | null;
            utm_medium?: string | null;
            /**
             * @description Where the person came from: the campaign's tags of the link that
             *     brought them, and API Engagement's click id. Kept with the
             *     account, never shown to others.
             */
            utm_source?: string | null;
            visible_to_organizations?: boolean;
        };
        /** @description Missions like one, as search lists them. */
        SimilarMissions: {
            items: components["schemas"]["Hit"][];
        };
        /** @description A skill a volunteer offers or a mission asks for. */
        Skill: {
            /** @example Premiers secours */
            label: string;
            /** @example first_aid */
            slug: string;
        };
        SkillList: {
            items: components["schemas"]["Skill"][];
        };
        /**
         * @description A skill slug, as `GET /v1/skills` lists them.
         * @enum {string}
         */
        SkillSlug: "listening" | "tutoring" | "french_teaching" | "digital_help" | "first_aid" | "driving" | "logistics" | "food_distribution" | "cooking" | "childcare" | "elderly_care" | "disability_support" | "sport_coaching" | "arts" | "gardening" | "nature_cleanup" | "diy_repairs" | "event_organisation" | "communication" | "graphic_design" | "web_development" | "accounting" | "legal_advice" | "fundraising" | "translation" | "sign_language" | "healthcare" | "psychology" | "management" | "administrative";
        /** @description A weekly slot, e.g. every Wednesday 14:00–17:00. */
        Slot: {
            /** @example 17:00 */
            end: string;
            /** @example 14:00 */
            start: string;
            weekday: components["schemas"]["Weekday"];
        };
        Status: {
            /**
             * @description The bot challenge of signup: whether it is required now, and how to
             *     solve it.
             */
            challenge: components["schemas"]["ChallengeInfo"];
            /** @description What the mode means now, for the SPA to show or adapt to. */
            degraded: components["schemas"]["DegradedEffects"];
            /**
             * @description In `degraded` mode the SPA warns that emails may be late and
             *     listings slightly stale.
             */
            mode: components["schemas"]["Mode"];
            /** @example 0.1.0 */
            version: string;
        };
        Suspension: {
            reason: string;
        };
        /**
         * @description Every email the product sends.
         * @enum {string}
         */
        Template: "activation" | "already_registered" | "password_reset" | "password_changed" | "email_change" | "organization_invitation" | "organization_submitted" | "organization_approved" | "organization_rejected" | "mission_published" | "mission_rejected" | "mission_flagged" | "participation_created" | "participation_accepted" | "participation_declined" | "participation_cancelled" | "new_application" | "volunteer_cancelled" | "mission_almost_full" | "mission_full" | "webhook_disabled" | "export_ready" | "inactivity_warning" | "new_message" | "message_reported" | "reminder_day_before" | "reminder_application_waiting" | "reminder_close_or_extend" | "reminder_moderation_digest" | "waiting_list_promoted" | "favourites_digest" | "shift_changed" | "shift_cancelled" | "messages_digest" | "saved_search_alert";
        TemplateView: {
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            mission: components["schemas"]["MissionTemplate"];
            name: string;
            /**
             * Format: uuid
             * @description The organisation that published it (yours, or your network's head).
             */
            organization_id: string;
        };
        TokenRequest: {
            token: string;
        };
        /**
         * @description A kind of email a person may turn off.
         * @enum {string}
         */
        Topic: "applications" | "messages" | "moderation_digest" | "reminders" | "favourites_digest" | "saved_searches";
        UnreadMessages: {
            /** @description Latest first. */
            threads: components["schemas"]["UnreadThread"][];
            /** Format: int64 */
            total: number;
        };
        UnreadThread: {
            /** Format: date-time */
            latest_at: string;
            /** Format: uuid */
            mission_id: string;
            mission_title: string;
            /** Format: uuid */
            participation_id: string;
            /** Format: int64 */
            unread: number;
        };
        /** @description What a one-click link turns off. */
        Unsubscribed: {
            topic: components["schemas"]["Topic"];
            /**
             * @description Whether that kind is now off (always true once posted; for a
             *     `GET`, whether it already was).
             */
            unsubscribed: boolean;
        };
        /** @description What a valid attestation code certifies. */
        VerifiedAttestation: {
            code: string;
            /** Format: date-time */
            completed_at: string;
            /** Format: date */
            end_date?: string | null;
            /** Format: double */
            hours: number;
            mission: string;
            organization: string;
            /** Format: date */
            start_date?: string | null;
            /** @description First name and initial ("Compte supprimé" once erased). */
            volunteer: string;
        };
        VolunteerContact: {
            email: string;
            first_name: string;
            /** Format: uuid */
            id: string;
            last_name: string;
            phone?: string | null;
            postcode?: string | null;
        };
        WaitingPlace: {
            /** Format: date-time */
            joined_at: string;
            /** Format: uuid */
            mission_id: string;
            mission_title: string;
            /**
             * Format: int64
             * @description 1 for the first in line (of the shift, on a mission with shifts).
             */
            position: number;
            /**
             * Format: uuid
             * @description The shift waited for, on a mission with shifts.
             */
            shift_id?: string | null;
        };
        WebhookDeliveryList: {
            items: components["schemas"]["WebhookDeliveryView"][];
        };
        /** @description One delivery of an event to an endpoint. */
        WebhookDeliveryView: {
            /** Format: int32 */
            attempts: number;
            /** @description The body that was (or will be) sent. */
            body: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            delivered_at?: string | null;
            event: string;
            /** Format: uuid */
            id: string;
            last_error?: string | null;
            /**
             * Format: int32
             * @description The receiver's last answer, if it answered.
             */
            last_status?: number | null;
            /** @description The `webhook-id` header the receiver saw. */
            message_id: string;
            /** @description `pending`, `delivered` or `failed`. */
            state: string;
            /** Format: date-time */
            updated_at: string;
        };
        WebhookEndpointInput: {
            events: components["schemas"]["EventType"][];
            /**
             * @description `https://` only; never a private, loopback or link-local address.
             * @example https://crm.example.org/hooks/renfort
             */
            url: string;
        };
        /** @description An endpoint with its signing secret: shown in this answer only. */
        WebhookEndpointIssued: {
            endpoint: components["schemas"]["WebhookEndpointView"];
            /** @description `whsec_…`: the HMAC key is the base64-decoded part after `whsec_`. */
            secret: string;
        };
        WebhookEndpointList: {
            items: components["schemas"]["WebhookEndpointView"][];
        };
        WebhookEndpointPatch: {
            /**
             * @description `true` re-enables a disabled endpoint and starts its failure count
             *     afresh.
             */
            enabled?: boolean | null;
            events?: components["schemas"]["EventType"][] | null;
            url?: string | null;
        };
        /** @description A webhook endpoint, never with its secret. */
        WebhookEndpointView: {
            /**
             * Format: int32
             * @description Failed attempts in a row; the endpoint is disabled when they reach
             *     `partner.webhook_disable_after`.
             */
            consecutive_failures: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            disabled_at?: string | null;
            enabled: boolean;
            events: components["schemas"]["EventType"][];
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description Until when the previous secret still signs, after a rotation.
             */
            previous_secret_expires_at?: string | null;
            /** Format: date-time */
            updated_at: string;
            url: string;
        };
        /** @description One week, from its Monday. */
        Week: {
            /** Format: int64 */
            applications: number;
            /** Format: int64 */
            missions_published: number;
            /** Format: int64 */
            volunteers: number;
            /** Format: date */
            week: string;
        };
        /** @enum {string} */
        Weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
        /** @description What a widget's filters could still narrow, counted. */
        WidgetFacets: {
            /** @description Facet (`domain`, `department`, `accessibility`) → value → count. */
            facets: {
                [key: string]: {
                    [key: string]: number;
                };
            };
            /** Format: int64 */
            total: number;
        };
        /** @description What a widget shows and how. */
        WidgetInput: {
            /** @description Flags every mission shown has. */
            accessibility?: components["schemas"]["Accessibility"][];
            around?: null | components["schemas"]["Around"];
            /**
             * @description The site's colour for titles and buttons, `#RRGGBB`.
             * @example #000091
             */
            colour?: string;
            /**
             * @description Missions in any of these departments; none: everywhere.
             * @example [
             *       "69"
             *     ]
             */
            departments?: string[];
            /** @description Any of these domains; none: every domain. */
            domains?: string[];
            layout?: components["schemas"]["Layout"];
            /**
             * @description For its owners' list; not shown.
             * @example Site de la mairie
             */
            name: string;
            /**
             * @description An organisation's widget: its network's branches' missions too
             *     (for the head of a network only).
             */
            network?: boolean;
        };
        /** @description A page of a widget's missions. */
        WidgetMissions: {
            items: components["schemas"]["Hit"][];
            /**
             * @description Where each card links: the mission's page on the platform, with the
             *     widget's UTM tags, in the order of `items`.
             */
            links: string[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            pages: number;
            /** Format: int64 */
            total: number;
        };
        /** @description A widget as its owners see it, with what to paste in a site. */
        WidgetView: {
            /** Format: date-time */
            created_at: string;
            definition: components["schemas"]["WidgetInput"];
            /** @description The HTML to paste in a site. */
            embed: string;
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description The owner; none for an admin's platform widget.
             */
            organization_id?: string | null;
            /**
             * @description The page to embed.
             * @example https://api.example.org/widgets/0190…
             */
            page_url: string;
            reach: components["schemas"]["Reach"];
        };
    };
    responses: {
        /** @description `malformed_json`, `malformed_body`, `invalid_query` or `nul_character`: the request cannot be read as sent */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Known caller, not allowed: `account_suspended`, a role the caller lacks, `scope_missing` (an API key without the operation's scope), or `region_not_served` */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `not_found`: absent, or not the caller's to see (the two read the same) */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `payload_too_large`: the body is larger than the service takes */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `rate_limited`: the API key used up its requests per minute (or the address its own); retry after `Retry-After`, with `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` */
        RateLimited: {
            headers: {
                /** @description Seconds to wait before retrying */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `unauthenticated`, `token_expired` (refresh, then retry), `invalid_token` or `token_revoked`; for the partner API, `invalid_api_key` */
        Unauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `overloaded`, `database_busy`, `database_unavailable` or `degraded_unavailable`: retry after `Retry-After` */
        Unavailable: {
            headers: {
                /** @description Seconds to wait before retrying */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `unsupported_media_type`: the body must be `application/json` */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `validation_failed`: `errors[]` names each invalid field */
        ValidationFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Live"];
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `ready`, or `degraded` while the database is out of reach */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ready"];
                };
            };
        };
    };
    find_account: {
        parameters: {
            query: {
                /** @description The account's email address (any case). */
                email: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAccountView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    get_account: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAccountView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    change_roles: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleChange"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferentRoles"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    suspend: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Suspension"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAccountView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `invalid_transition`: the account is not active */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    reinstate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAccountView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    list_platform_api_keys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    create_platform_api_key: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlatformKeyInput"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyIssued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    revoke_platform_api_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    admin_audit: {
        parameters: {
            query?: {
                /**
                 * @description Entries about this account (a suspension, a referent role, a
                 *     membership, an erasure).
                 */
                account_id?: string;
                /**
                 * @description One action (`account.suspended`), or a family ending in `.`
                 *     (`member.`, `referent.`).
                 */
                action?: string;
                /** @description Entries of what this account did. */
                actor_id?: string;
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description Entries about this department (referent roles, exports). */
                department?: string;
                /** @description 1 to 100; 20 when absent. */
                limit?: number;
                /** @description Entries about this organisation. */
                organization_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AdminAuditEntry"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    list_emails: {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description 1 to 100; 20 when absent. */
                limit?: number;
                state?: components["schemas"]["EmailJobState"];
                template?: components["schemas"]["Template"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_EmailJobView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    requeue_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Requeued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description no dead email with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    requeue_template: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequeueTemplate"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Requeued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    get_service_mode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceModeView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    set_service_mode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServiceModeBody"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceModeView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    admin_statistics: {
        parameters: {
            query?: {
                /**
                 * @description With `format=csv`: the cells' separator (`semicolon` by default for
                 *     a reader who prefers French, `comma` otherwise).
                 */
                delimiter?: components["schemas"]["Delimiter"];
                /**
                 * @description `json` or `csv` (one row per department). Without it, `Accept`
                 *     chooses: `application/json` (the default) or `text/csv`.
                 */
                format?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON by default; `format=csv` or `Accept: text/csv`: one row per department */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminStatistics"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `Accept` names neither JSON nor CSV */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    platform_widgets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    create_platform_widget: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WidgetInput"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    verify_attestation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifiedAttestation"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    activate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ActivateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionResponse"];
                };
            };
            /** @description unknown, used or expired token (`invalid_token`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description password hashing saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resend_activation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    confirm_email: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid_token` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `email_taken` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description `invalid_credentials` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `account_suspended` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": null | components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    forgot_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    reset_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid_token` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": null | components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description `invalid_refresh_token` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    signup: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes retries safe */
                "Idempotency-Key"?: string | null;
                /** @description the solved bot challenge, when `GET /v1/status` says one is required */
                "Renfort-Challenge"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignupRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description `challenge_required` or `challenge_failed` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `region_not_served`: sign-ups are taken from the countries served only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `overloaded`, or `challenge_unavailable` when the challenge vendor cannot answer and the policy fails closed */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    calendar_feed: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the feed's secret */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description an iCalendar file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/calendar": string;
                };
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    challenge: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issued"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description the human check is not a proof of work */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too many challenges asked from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    departments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentList"];
                };
            };
            400: components["responses"]["BadRequest"];
            503: components["responses"]["Unavailable"];
        };
    };
    mailbox: {
        parameters: {
            query: {
                /** @description The recipient's address (any case). */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Mailbox"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    domains: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DomainList"];
                };
            };
            400: components["responses"]["BadRequest"];
            503: components["responses"]["Unavailable"];
        };
    };
    download_export: {
        parameters: {
            query: {
                /** @description The token of the emailed link. */
                token: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the CSV file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description still being produced; retry shortly */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    api_engagement_feed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the feed, `<source>` of `<mission>` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/xml": string;
                };
            };
            /** @description unchanged since the `ETag` sent in `If-None-Match` */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            /** @description `invalid_api_key`: a key was presented and is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    accept_invitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvitationAcceptance"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationResponse"];
                };
            };
            /** @description `invalid_token` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    get_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    erase: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Erasure"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description `last_owner`: the last owner of an organisation (named in `organization_id`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description wrong password */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    patch_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProfilePatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description `birth_date_locked`: the birth date judged an application */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    correct_birth_date: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BirthDateCorrection"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    create_calendar_feed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarFeed"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    revoke_calendar_feed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description no feed */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    change_email: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailChange"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a quota of the account or the organisation is used up; retry after `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    export: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonalData"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    list_favourites: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FavouriteView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    add_favourite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mission_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    remove_favourite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mission_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    my_hours: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyHours"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    unread_messages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnreadMessages"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    my_notifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preferences"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    change_my_notifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreferencesPatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preferences"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    my_organizations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyOrganizations"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    my_participations: {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description 1 to 100; 20 when absent. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_MyParticipation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    change_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    list_saved_searches: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedSearchView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    save_search: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Criteria"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedSearchView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description `conflict`: ten searches are kept already */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    delete_saved_search: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    my_waiting_lists: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitingPlace"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    report_message: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description message */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MessageReport"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `own_message` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    list_public: {
        parameters: {
            query?: {
                /**
                 * @description Comma-separated accessibility flags, all required:
                 *     `reduced_mobility`, `public_transport`, `open_to_minors`.
                 */
                accessibility?: string;
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description Department code: missions with an address there. */
                department?: string;
                /** @description Domain slug. */
                domain?: string;
                format?: components["schemas"]["Format"];
                /** @description 1 to 100; 20 when absent. */
                limit?: number;
                organization_id?: string;
                /** @description Missions starting on or after this day (YYYY-MM-DD); undated ones are kept. */
                starting_after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Cache-Control"?: string;
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicMissionPage"];
                };
            };
            /** @description unchanged since the `If-None-Match` ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    get_public: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Cache-Control"?: string;
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicMissionView"];
                };
            };
            /** @description unchanged since the `If-None-Match` ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    delete_draft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `not_a_draft` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    update_mission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MissionPatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    mission_history: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["History"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    set_mission_image: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["PictureUpload"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `under_review` or `mission_frozen` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description `file`: `unsupported_type`, `too_large`, `too_many_pixels`, `unreadable` or `required` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: too many pictures are being processed; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    remove_mission_image: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    of_mission: {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description 1 to 100; 20 when absent. */
                limit?: number;
                state?: components["schemas"]["ParticipationState"];
            };
            header?: never;
            path: {
                /** @description mission */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_OrganizationParticipation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    apply: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes retries safe */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description mission */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Application"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParticipationResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `region_not_served`: registrations and applications are taken from the countries served only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a quota of the account or the organisation is used up; retry after `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    answer_participations: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description mission */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkAnswers"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkAnswerResults"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `members_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    list_shifts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description mission */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShiftView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    add_shifts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description mission */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewShiftBody"];
            };
        };
        responses: {
            /** @description the shifts added */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShiftView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `members_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `mission_frozen`, `shifts_after_applications` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    update_shift: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description mission */
                id: string;
                shift_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShiftPatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShiftView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `members_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `shift_closed`, `capacity_below_taken`, `mission_frozen` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    cancel_shift: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description mission */
                id: string;
                shift_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShiftCancellation"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `members_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `last_shift`, `mission_frozen` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    similar_missions: {
        parameters: {
            query?: {
                /** @description 1 to 12; 6 when absent. */
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Cache-Control"?: string;
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimilarMissions"];
                };
            };
            /** @description unchanged since the `If-None-Match` ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    transition_mission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MissionTransition"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid_transition` (with `current_state`, `allowed_transitions`) or `organization_not_approved` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            /** @description a quota of the account or the organisation is used up; retry after `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    join_waiting_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description mission */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Application"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitingPlace"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `region_not_served` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `places_left`, `already_applied`, `registration_closed`… */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    leave_waiting_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description mission */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    export_missions: {
        parameters: {
            query?: {
                /** @description The cells' separator, as for the participations' export. */
                delimiter?: components["schemas"]["Delimiter"];
                /**
                 * @description One of the referent's departments; all of them when absent (every
                 *     department, for an admin).
                 */
                department?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the CSV file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportQueued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `moderators_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            /** @description `rate_limited`: the caller's exports for the hour (`quotas.exports_per_account`) are used up; retry after `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    message_reports: {
        parameters: {
            query?: {
                /** @description Messages older than this one (`next_before` of the previous page). */
                before?: string;
                /** @description 1 to 100; 50 when absent. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `moderators_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    moderation_missions: {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description 1 to 100; 20 when absent. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    moderation_organizations: {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description 1 to 100; 20 when absent. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_OrganizationView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    department_statistics: {
        parameters: {
            query?: {
                /** @description One department; all of the caller's when absent. */
                department?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentStatistics"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `moderators_only`, or a department that is not the referent's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    create_organization: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes retries safe */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganizationInput"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `region_not_served`: registrations and applications are taken from the countries served only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `organization_exists`: an approved organisation holds this SIRET or RNA number (drafts and registrations under review hold none); `existing_organization` names it and its public page */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a quota of the account or the organisation is used up; retry after `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    get_organization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    update_organization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganizationPatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `organization_inactive`, `under_review` for a material edit, or `organization_exists` for a SIRET or RNA number another organisation holds */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    list_api_keys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description organisation */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `owners_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    create_api_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description organisation */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyInput"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyIssued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `owners_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    revoke_api_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description organisation */
                id: string;
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `owners_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    rotate_api_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description organisation */
                id: string;
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyIssued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `owners_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description `api_key_revoked` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    organization_audit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditTrail"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    list_branches: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkLink"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    remove_branch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                branch: string;
                /** @description the head */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    accept_branch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                branch: string;
                /** @description the head */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    branch_missions: {
        parameters: {
            query?: {
                /** @description Missions older than this one (`next_before` of the previous page). */
                before?: string;
                /** @description 1 to 100; 50 when absent. */
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BranchMissionPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    branch_statistics: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BranchStatistics"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    export_participations: {
        parameters: {
            query?: {
                /**
                 * @description The cells' separator: `semicolon` for spreadsheets in French (the
                 *     default when `Accept-Language` prefers French), `comma` otherwise.
                 *     `Accept: text/csv; delimiter=semicolon` says the same.
                 */
                delimiter?: components["schemas"]["Delimiter"];
            };
            header?: never;
            path: {
                /** @description organisation */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the CSV file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportQueued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `members_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            /** @description `rate_limited`: the caller's exports for the hour (`quotas.exports_per_account`) are used up; retry after `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    organization_history: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["History"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    invite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Invitation"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description `organization_not_approved`: only approved organisations invite */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            /** @description a quota of the account or the organisation is used up; retry after `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    set_organization_logo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["PictureUpload"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `organization_inactive` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description `file`: `unsupported_type`, `too_large`, `too_many_pixels`, `unreadable` or `required` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    remove_organization_logo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    members: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Members"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    set_member_role: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleBody"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `last_owner` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    remove_member: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `last_owner` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    list_mission_templates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    create_mission_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewTemplate"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    delete_mission_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                template: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    of_organization: {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description 1 to 100; 20 when absent. */
                limit?: number;
                /** @description Only missions in this state. */
                state?: components["schemas"]["MissionState"];
            };
            header?: never;
            path: {
                /** @description organisation */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    create_mission: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes retries safe */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description organisation */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MissionInput"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a quota of the account or the organisation is used up; retry after `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    create_mission_from_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FromTemplate"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    get_network: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkMembership"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    join_network: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinNetwork"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkLink"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `owners_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `network_conflict` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    leave_network: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    organization_statistics: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationStatisticsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    transition_organization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganizationTransition"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid_transition`, with `current_state` and `allowed_transitions`; `organization_exists` when approving an organisation whose SIRET or RNA number another approved organisation holds */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            /** @description a quota of the account or the organisation is used up; retry after `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    organization_widgets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    create_organization_widget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WidgetInput"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    get_private: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                org_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    lookup_organization: {
        parameters: {
            query?: {
                /**
                 * @description `W` + 9 digits; give this or `siret`.
                 * @example W691234567
                 */
                rna?: string;
                /**
                 * @description 14 digits; give this or `rna`.
                 * @example 13002526500013
                 */
                siret?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Lookup"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description the number is malformed or fails its check digit, or neither or both were given */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    get_participation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParticipationResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    record_attendance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AttendanceRecord"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description `members_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid_transition`: not accepted, or the mission has not started */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    participation_attestation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a PDF file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": components["schemas"]["PdfFile"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not attended */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    participation_calendar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description an iCalendar file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/calendar": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `participation_not_accepted` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    participation_history: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["History"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    list_messages: {
        parameters: {
            query?: {
                /** @description Messages older than this one (`next_before` of the previous page). */
                before?: string;
                /** @description 1 to 100; 50 when absent. */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description participation */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    write_message: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description participation */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewMessage"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description a referent reading a reported thread */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `participation_closed`: the application was declined or cancelled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    add_participation_shifts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description participation */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShiftChoice"];
            };
        };
        responses: {
            /** @description the shifts held now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShiftView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `shift_full` (with `shift_id`), `mission_full`, `participation_closed` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    drop_participation_shift: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description participation */
                id: string;
                shift_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the shifts held now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShiftView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `last_shift`, `participation_closed` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    transition_participation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ParticipationTransition"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParticipationResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    partner_mission_feed: {
        parameters: {
            query?: {
                /**
                 * @description Comma-separated accessibility flags, all required:
                 *     `reduced_mobility`, `public_transport`, `open_to_minors`.
                 */
                accessibility?: string;
                /** @description `next_cursor` of the previous page (or of the last sync). */
                cursor?: string;
                department?: string;
                domain?: string;
                format?: components["schemas"]["Format"];
                lat?: number;
                /** @description 1 to 500; 100 when absent. */
                limit?: number;
                lng?: number;
                open_to_minors?: boolean;
                /** @description Words that must all appear in the title or description. */
                q?: string;
                /** @description With `lat` and `lng`; 1 to 500 km. */
                radius_km?: number;
                /** @description Comma-separated skills; a mission with any of them matches. */
                skills?: string;
                start_after?: string;
                /**
                 * @description Changes from this instant on (RFC 3339), for the first page of a
                 *     sync; later pages and later syncs pass `cursor` instead.
                 */
                updated_since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionFeed"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_participation_feed: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                updated_since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParticipationFeed"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_get_mission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description your own id of the mission */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_upsert_mission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description your own id of the mission: 1 to 100 of `A-Z a-z 0-9 . _ : -` */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MissionInput"];
            };
        };
        responses: {
            /** @description updated, or unchanged */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionView"];
                };
            };
            /** @description created and submitted */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MissionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `mission_cancelled`, `mission_frozen`, `under_review` or `capacity_below_taken` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            /** @description the key's rate, or the organisation's mission quota; retry after `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    partner_unpublish_mission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description out of public view */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_list_shifts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description your own id of the mission */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShiftView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_add_shifts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description your own id of the mission */
                client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewShiftBody"];
            };
        };
        responses: {
            /** @description the shifts added */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShiftView"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `mission_frozen`, `shifts_after_applications` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_update_shift: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                client_id: string;
                shift_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShiftPatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShiftView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `shift_closed`, `capacity_below_taken`, `mission_frozen` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_cancel_shift: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                client_id: string;
                shift_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShiftCancellation"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `last_shift`, `mission_frozen` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_upsert_missions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchInput"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResults"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_answer_participation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PartnerAnswer"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationParticipation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_list_webhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_create_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointInput"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointIssued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_get_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_delete_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_update_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointPatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_webhook_deliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_replay_webhook_delivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    partner_rotate_webhook_secret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointIssued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["Unavailable"];
        };
    };
    picture: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the picture */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": components["schemas"]["PictureFile"];
                    "image/png": components["schemas"]["PictureFile"];
                };
            };
            /** @description the client holds it already */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    key: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            503: components["responses"]["Unavailable"];
        };
    };
    search_missions: {
        parameters: {
            query?: {
                /**
                 * @description Comma-separated accessibility flags, all required:
                 *     `reduced_mobility`, `public_transport`, `open_to_minors`. Remote
                 *     missions are `formats=remote,hybrid`.
                 */
                accessibility?: string;
                /** @description Comma-separated audiences. */
                audiences?: string;
                /** @description Comma-separated department codes (any of them). */
                departments?: string;
                /** @description Comma-separated domain slugs (any of them). */
                domains?: string;
                /** @description Comma-separated facets to count: `domain`, `skills`, `department`, `format`, `audience`, `accessibility`. */
                facets?: string;
                /** @description Comma-separated: `on_site`, `remote`, `hybrid`. */
                formats?: string;
                /** @description Missions happening on or after this day. */
                from?: string;
                /** @description Only missions with places left. */
                has_places?: boolean;
                /** @description Centre latitude; with `lng`, hits carry their distance. */
                lat?: number;
                lng?: number;
                /** @description Zero-based page. */
                page?: number;
                /** @description 1 to 50; 20 when absent. */
                per_page?: number;
                /** @description Free text, in French; accents optional ("mediation" finds "médiation"). */
                q?: string;
                /** @description Radius in km around the centre; absent means anywhere. */
                radius_km?: number;
                /** @description Comma-separated skill slugs (any of them). */
                skills?: string;
                /** @description Missions happening on or before this day. */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Cache-Control"?: string;
                    ETag?: string;
                    /** @description `builtin` or `algolia` */
                    "X-Search-Engine"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResult"];
                };
            };
            /** @description unchanged since the `If-None-Match` ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    skills: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SkillList"];
                };
            };
            400: components["responses"]["BadRequest"];
            503: components["responses"]["Unavailable"];
        };
    };
    public_statistics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Cache-Control"?: string;
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicStatisticsResponse"];
                };
            };
            /** @description unchanged since the `If-None-Match` ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            503: components["responses"]["Unavailable"];
        };
    };
    status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            400: components["responses"]["BadRequest"];
            503: components["responses"]["Unavailable"];
        };
    };
    read_unsubscribe_link: {
        parameters: {
            query: {
                /** @description The token of the email's `List-Unsubscribe` link. */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unsubscribed"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description `invalid_token`: not a link of this platform */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    unsubscribe: {
        parameters: {
            query: {
                /** @description The token of the email's `List-Unsubscribe` link. */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description `List-Unsubscribe=One-Click`, or nothing */
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": string;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unsubscribed"];
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description `invalid_token`: not a link of this platform */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    brevo_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BrevoEvent"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no webhook token configured */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    delete_widget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    widget_facets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Cache-Control"?: string;
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetFacets"];
                };
            };
            /** @description unchanged since the `If-None-Match` ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    widget_missions: {
        parameters: {
            query?: {
                /** @description Zero-based. */
                page?: number;
                /** @description The visitor's words, within the widget's missions. */
                q?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Cache-Control"?: string;
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetMissions"];
                };
            };
            /** @description unchanged since the `If-None-Match` ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    widget_page: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the page to put in an `<iframe>` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
