from policy_kg.cli import main

raise SystemExit(main())
