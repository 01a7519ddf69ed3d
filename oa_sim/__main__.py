from oa_sim.cli import main

main()
