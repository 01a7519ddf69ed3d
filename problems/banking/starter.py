from banking_system import BankingSystem


class BankingSystemImpl(BankingSystem):
    def __init__(self):
        # TODO: set up the state your implementation needs.
        pass
