"""Shared fixtures: two companies, one user per role, a sales team, car models.

Capability tests inherit from SpmCommon and add what they need in their own
setUpClass. Roles (see the spec):
- salesperson:  Sales / User: Own Documents Only
- leader:       Sales / User: All Documents and leader of ``team``
- director:     Sales / Administrator
"""

from odoo.tests import TransactionCase, new_test_user


class SpmCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.ref("base.main_company")
        cls.company2 = cls.env["res.company"].create({"name": "SPM Other Company"})
        cls.salesperson = new_test_user(
            cls.env,
            "spm_salesperson",
            groups="sales_team.group_sale_salesman",
            name="Sam Salesperson",
            company_id=cls.company.id,
        )
        cls.salesperson2 = new_test_user(
            cls.env,
            "spm_salesperson2",
            groups="sales_team.group_sale_salesman",
            name="Sally Salesperson",
            company_id=cls.company.id,
        )
        cls.leader = new_test_user(
            cls.env,
            "spm_leader",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Leo Leader",
            company_id=cls.company.id,
        )
        cls.director = new_test_user(
            cls.env,
            "spm_director",
            groups="sales_team.group_sale_manager",
            name="Dora Director",
            company_id=cls.company.id,
        )
        cls.other_user = new_test_user(
            cls.env,
            "spm_other_company",
            groups="sales_team.group_sale_manager",
            name="Oscar Other",
            company_id=cls.company2.id,
            company_ids=[(6, 0, cls.company2.ids)],
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "SPM Showroom Team",
                "company_id": cls.company.id,
                "user_id": cls.leader.id,
                "member_ids": [(6, 0, (cls.salesperson | cls.salesperson2).ids)],
            }
        )
        cls.team2 = cls.env["crm.team"].create(
            {
                "name": "SPM Other Company Team",
                "company_id": cls.company2.id,
                "user_id": cls.other_user.id,
            }
        )
        cls.car_sedan = cls.env["product.product"].create(
            {
                "name": "SPM Sedan",
                "type": "consu",
                "list_price": 150000.0,
            }
        )
        cls.car_suv = cls.env["product.product"].create(
            {
                "name": "SPM SUV",
                "type": "consu",
                "list_price": 220000.0,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Wang Xiaoming",
                "phone": "+86 138 0013 8000",
            }
        )


class SpmCardsCommon(SpmCommon):
    """Showroom fixtures (A cards, visits, C cards): the main company is a
    Chinese dealership, so numbers typed without +86 are read as Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.cn")
        cls.company2.country_id = cls.env.ref("base.cn")
        cls.sedan = cls.car_sedan.product_tmpl_id
        cls.suv = cls.car_suv.product_tmpl_id

    @classmethod
    def _a_card(cls, user=None, **values):
        """A valid A card of ``user`` (default: salesperson) in ``team``."""
        user = user or cls.salesperson
        vals = {
            "name": "Test A card",
            "type": "opportunity",
            "contact_name": "Li Lei",
            "phone": "13800138000",
            "intended_model_id": cls.sedan.id,
            "user_id": user.id,
            "team_id": cls.team.id,
            "company_id": cls.company.id,
        }
        vals.update(values)
        return cls.env["crm.lead"].create(vals)
