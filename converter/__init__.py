"""converter"""
