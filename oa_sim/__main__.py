from oa_sim.entry import main

main()
